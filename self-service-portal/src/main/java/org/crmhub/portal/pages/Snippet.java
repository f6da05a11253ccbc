package org.crmhub.portal.pages;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.crmhub.client.model.SearchHighlight;

/**
 * A search result's snippet cut into plain-text parts, the matched ones marked, for a template to
 * print each part as escaped text (inside {@code <mark>} when marked). Ranges that are out of the
 * snippet, empty or overlap an earlier one are left out rather than trusted.
 */
public final class Snippet {

  /** Text of the snippet; {@code marked} when it is a matched word. */
  public record Part(String text, boolean marked) {}

  private Snippet() {}

  public static List<Part> parts(String snippet, List<SearchHighlight> highlights) {
    String text = snippet == null ? "" : snippet;
    List<SearchHighlight> ranges = new ArrayList<>(highlights == null ? List.of() : highlights);
    ranges.removeIf(range -> range == null || range.getStart() == null || range.getEnd() == null);
    ranges.sort(Comparator.comparing(SearchHighlight::getStart));
    List<Part> parts = new ArrayList<>();
    int at = 0;
    for (SearchHighlight range : ranges) {
      int start = range.getStart();
      int end = Math.min(range.getEnd(), text.length());
      if (start < at || start >= end) {
        continue;
      }
      if (start > at) {
        parts.add(new Part(text.substring(at, start), false));
      }
      parts.add(new Part(text.substring(start, end), true));
      at = end;
    }
    if (at < text.length()) {
      parts.add(new Part(text.substring(at), false));
    }
    return parts;
  }
}
