package org.crmhub.hub.attachment;

/**
 * A run of bytes of a blob: {@code length} bytes from {@code start}.
 *
 * @param start first byte, from 0
 * @param length how many bytes; 0 only for an empty blob read whole
 */
public record ByteRange(long start, long length) {

  public ByteRange {
    if (start < 0 || length < 0) {
      throw new IllegalArgumentException("a byte range starts at 0 or later and is not negative: " + start + "+" + length);
    }
  }

  public static ByteRange whole(long size) {
    return new ByteRange(0, size);
  }

  /** The last byte's position (inclusive), as HTTP's Content-Range writes it. */
  public long end() {
    return start + length - 1;
  }
}
