package org.crmhub.hub.api;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many event streams each credential (API key or staff user) holds open on this hub, so that
 * one credential cannot hold any number of them (each costs a connection, a timer and a copy of
 * every event). Safe from every event loop: the HTTP servers share one.
 */
final class OpenStreams {

  private final int perCredential;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  OpenStreams(int perCredential) {
    if (perCredential < 1) {
      throw new IllegalArgumentException("perCredential must be at least 1");
    }
    this.perCredential = perCredential;
  }

  /** @return false when the credential holds its limit already; true and counted otherwise */
  boolean tryOpen(String credential) {
    boolean[] opened = {false};
    open.compute(credential, (key, held) -> {
      int now = held == null ? 0 : held;
      if (now >= perCredential) {
        return held;
      }
      opened[0] = true;
      return now + 1;
    });
    return opened[0];
  }

  /** One stream that {@link #tryOpen} counted has ended. */
  void close(String credential) {
    open.computeIfPresent(credential, (key, held) -> held <= 1 ? null : held - 1);
  }

  int limit() {
    return perCredential;
  }
}
