package org.crmhub.hub.testing;

import java.nio.charset.StandardCharsets;

/** Looks for a text in a file's bytes, for tests that prove data is, or is no longer, on disk. */
public final class FileBytes {

  private FileBytes() {}

  /** Whether {@code bytes} hold {@code text} as UTF-8. */
  public static boolean holds(byte[] bytes, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
