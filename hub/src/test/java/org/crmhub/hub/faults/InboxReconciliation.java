package org.crmhub.hub.faults;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A burst's acknowledged contacts held against what the inbox shows: those missing (acknowledged,
 * then lost) and those filed more than once.
 *
 * @param acknowledged how many contacts got a 202
 * @param missing acknowledged contacts in no conversation, sorted
 * @param duplicated contacts in the inbox more than once, sorted
 */
record InboxReconciliation(int acknowledged, List<String> missing, List<String> duplicated) {

  /** How many ids an assertion message lists. */
  private static final int SHOWN = 5;

  /** @param occurrences externalId -> how many messages carry it ({@link InboxCount#occurrences}) */
  static InboxReconciliation of(Set<String> acknowledged, Map<String, Integer> occurrences) {
    List<String> missing = acknowledged.stream().filter(id -> !occurrences.containsKey(id)).sorted().toList();
    List<String> duplicated = occurrences.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey).sorted().toList();
    return new InboxReconciliation(acknowledged.size(), missing, duplicated);
  }

  /** The first few missing ids, for an assertion message. */
  List<String> someMissing() {
    return missing.stream().limit(SHOWN).toList();
  }

  /** The first few duplicated ids, for an assertion message. */
  List<String> someDuplicated() {
    return duplicated.stream().limit(SHOWN).toList();
  }
}
