package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.crmhub.connector.ConnectorState;

/** A connector's offsets in memory, with every write kept in order so tests can see when offsets moved. */
public final class MemoryConnectorState implements ConnectorState {

  /** One {@link #put} or stored {@link #putIfAbsent}. */
  public record Write(String key, String value) {}

  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final List<Write> writes = new ArrayList<>();

  @Override
  public Future<String> get(String key) {
    return Future.succeededFuture(values.get(key));
  }

  @Override
  public Future<Void> put(String key, String value) {
    synchronized (writes) {
      values.put(key, value);
      writes.add(new Write(key, value));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<String> putIfAbsent(String key, String value) {
    synchronized (writes) {
      String before = values.putIfAbsent(key, value);
      if (before != null) {
        return Future.succeededFuture(before);
      }
      writes.add(new Write(key, value));
    }
    return Future.succeededFuture(value);
  }

  /** The value stored now, or null. */
  public String value(String key) {
    return values.get(key);
  }

  public List<Write> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }
}
