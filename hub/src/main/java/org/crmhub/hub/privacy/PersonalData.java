package org.crmhub.hub.privacy;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Recognises copies of an erased customer's data elsewhere (events, webhook payloads, dead letters,
 * training examples) by the exact strings that name it: its customer, conversation and portal
 * account ids, its identity keys and values. A stored text names one when the string appears in it
 * as a whole value: a field's value, or a JSON string in it. Ids are random, so this never takes
 * another customer's entry for theirs; a bare substring test would (an address inside a longer one).
 */
final class PersonalData {

  private final Set<String> names;

  PersonalData(Collection<String> names) {
    this.names = Set.copyOf(names.stream().filter(name -> name != null && !name.isBlank()).toList());
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  /** Whether any field of a stored entry names the customer. */
  boolean namedIn(Map<String, String> fields) {
    for (String value : fields.values()) {
      if (namedIn(value)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the text is one of the names, or holds one as a JSON string. */
  boolean namedIn(String text) {
    if (text == null) {
      return false;
    }
    if (names.contains(text)) {
      return true;
    }
    int at = text.indexOf('"');
    while (at >= 0) {
      int end = closingQuote(text, at + 1);
      if (end < 0) {
        return false;
      }
      if (names.contains(text.substring(at + 1, end))) {
        return true;
      }
      at = text.indexOf('"', end + 1);
    }
    return false;
  }

  /** The index of the quote that ends the JSON string starting at {@code from}, or -1. */
  private static int closingQuote(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }
}
