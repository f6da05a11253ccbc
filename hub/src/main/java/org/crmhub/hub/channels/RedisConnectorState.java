package org.crmhub.hub.channels;

import io.vertx.core.Future;
import org.crmhub.connector.ConnectorState;
import org.crmhub.hub.redis.Redis;

/** A connector's offsets in one Redis hash per connector. */
final class RedisConnectorState implements ConnectorState {

  private final Redis redis;
  private final String key;

  RedisConnectorState(Redis redis, String connectorName) {
    this.redis = redis;
    this.key = ChannelKeys.state(connectorName);
  }

  @Override
  public Future<String> get(String field) {
    return redis.call(c -> c.hget(key, field));
  }

  @Override
  public Future<Void> put(String field, String value) {
    return redis.call(c -> c.hset(key, field, value)).mapEmpty();
  }

  @Override
  public Future<String> putIfAbsent(String field, String value) {
    return redis.call(c -> c.hsetnx(key, field, value))
        .compose(stored -> stored ? Future.succeededFuture(value) : get(field));
  }
}
