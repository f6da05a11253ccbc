package org.crmhub.hub.privacy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What one erasure removed, by kind, and the attachment contents it left for the sweep to check. */
final class ErasureTally {

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Set<String> digests = ConcurrentHashMap.newKeySet();

  void add(String kind, long count) {
    if (count > 0) {
      counts.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(count);
    }
  }

  void digest(String sha256) {
    digests.add(sha256);
  }

  /** Digests noted since the last call; the job keeps them, so a restarted job still sweeps them. */
  Set<String> takeDigests() {
    Set<String> taken = Set.copyOf(digests);
    digests.removeAll(taken);
    return taken;
  }

  Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((kind, count) -> snapshot.put(kind, count.get()));
    return snapshot;
  }
}
