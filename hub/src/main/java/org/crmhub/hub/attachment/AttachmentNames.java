package org.crmhub.hub.attachment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * File names whose extension agrees with the content type, so a file checked as a PNG is saved
 * and opened as a PNG: a polyglot (PNG signature, then HTML) named {@code invoice.html} must not
 * reach the customer's or agent's disk under a name their browser would open as a web page.
 */
public final class AttachmentNames {

  /** Content types we check by their bytes, and the extensions each may carry (the first is the canonical one). */
  private static final Map<String, List<String>> EXTENSIONS = Map.of(
      "image/png", List.of("png"),
      "image/jpeg", List.of("jpg", "jpeg"),
      "application/pdf", List.of("pdf"),
      "text/plain", List.of("txt", "text", "log"));

  private AttachmentNames() {}

  /**
   * @return the name unchanged when its extension fits the type or the type is not one we check,
   *     else the name with its extension replaced by the type's (e.g. {@code invoice.html} as
   *     {@code image/png} becomes {@code invoice.png})
   */
  public static String forType(String filename, String contentType) {
    String name = filename == null || filename.isBlank() ? "attachment" : filename;
    List<String> allowed = contentType == null ? null : EXTENSIONS.get(contentType.toLowerCase(Locale.ROOT));
    if (allowed == null) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (allowed.contains(extension)) {
      return name;
    }
    String base = dot <= 0 ? name : name.substring(0, dot);
    return base + "." + allowed.get(0);
  }
}
