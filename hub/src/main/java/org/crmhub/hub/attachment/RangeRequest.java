package org.crmhub.hub.attachment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an HTTP {@code Range} header asks of a blob of known size (RFC 9110, section 14): one range
 * ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) is served alone; no header, another unit,
 * several ranges or a header we cannot read are answered with the whole content, as the RFC
 * allows; a single range wholly past the end cannot be satisfied (416).
 */
public sealed interface RangeRequest {

  /** The whole content, 200. */
  record Whole() implements RangeRequest {}

  /** Part of it, 206 with {@code Content-Range}. */
  record Part(ByteRange range) implements RangeRequest {}

  /** Nothing of it can be given, 416 with {@code Content-Range: bytes *}{@code /size}. */
  record Unsatisfiable() implements RangeRequest {}

  Pattern SINGLE = Pattern.compile("^bytes=[ \\t]*(\\d*)-(\\d*)[ \\t]*$");

  /**
   * @param header the {@code Range} header, or null
   * @param ifRangeHeld false when an {@code If-Range} header named another version (the whole is sent)
   */
  static RangeRequest of(String header, long size, boolean ifRangeHeld) {
    if (header == null || !ifRangeHeld) {
      return new Whole();
    }
    Matcher single = SINGLE.matcher(header.trim());
    if (!single.matches()) {
      return new Whole();
    }
    String first = single.group(1);
    String last = single.group(2);
    if (first.isEmpty() && last.isEmpty() || first.length() > 18 || last.length() > 18) {
      return new Whole();
    }
    if (first.isEmpty()) {
      long suffix = Long.parseLong(last);
      if (suffix == 0 || size == 0) {
        return new Unsatisfiable();
      }
      long length = Math.min(suffix, size);
      return new Part(new ByteRange(size - length, length));
    }
    long start = Long.parseLong(first);
    if (!last.isEmpty() && Long.parseLong(last) < start) {
      // an invalid range-spec: the header is ignored
      return new Whole();
    }
    if (start >= size) {
      return new Unsatisfiable();
    }
    long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
    return new Part(new ByteRange(start, end - start + 1));
  }
}
