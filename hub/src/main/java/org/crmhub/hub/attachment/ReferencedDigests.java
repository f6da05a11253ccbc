package org.crmhub.hub.attachment;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The mark of a sweep: the digests some attachment record names, kept as the first 64 bits of each
 * in a sorted array (8 bytes a digest, where a set of strings takes over 100), so a million
 * attachments cost 8 MB. Two digests sharing their first 64 bits are taken for each other, which
 * can only keep an unreferenced blob, never delete a referenced one.
 */
final class ReferencedDigests {

  private long[] prefixes = new long[1024];
  private int size;
  private boolean sorted;

  void add(String digest) {
    if (sorted) {
      throw new IllegalStateException("the mark is complete once it is sorted");
    }
    if (size == prefixes.length) {
      prefixes = Arrays.copyOf(prefixes, size * 2);
    }
    prefixes[size++] = prefixOf(digest);
  }

  /** Ends the mark; slow for many digests, so called off the event loop. */
  ReferencedDigests sort() {
    Arrays.sort(prefixes, 0, size);
    sorted = true;
    return this;
  }

  boolean contains(String digest) {
    if (!sorted) {
      throw new IllegalStateException("the mark is not complete yet");
    }
    return Arrays.binarySearch(prefixes, 0, size, prefixOf(digest)) >= 0;
  }

  int size() {
    return size;
  }

  private static long prefixOf(String digest) {
    return HexFormat.fromHexDigitsToLong(digest, 0, 16);
  }
}
