package org.crmhub.portal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The portal's own Lettuce connection to the hub's Redis, for its sessions and counters only
 * (single-key commands under {@code portal:}); customer data stays behind the hub's API.
 */
final class PortalRedis {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> commands;

  private PortalRedis(Vertx vertx, AbstractRedisClient client, StatefulConnection<String, String> connection,
      RedisClusterAsyncCommands<String, String> commands) {
    this.vertx = vertx;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
  }

  static Future<PortalRedis> connect(Vertx vertx, String url) {
    Context context = vertx.getOrCreateContext();
    if (url.startsWith("redis-cluster://")) {
      RedisClusterClient cluster = RedisClusterClient.create(Arrays.stream(
              url.substring("redis-cluster://".length()).split(","))
          .map(seed -> RedisURI.create("redis://" + seed)).toList());
      cluster.setOptions(ClusterClientOptions.builder()
          .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
      return Future.fromCompletionStage(cluster.connectAsync(StringCodec.UTF8), context)
          .map(conn -> new PortalRedis(vertx, cluster, conn, conn.async()));
    }
    RedisClient standalone = RedisClient.create();
    standalone.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
    CompletionStage<StatefulRedisConnection<String, String>> connecting =
        standalone.connectAsync(StringCodec.UTF8, RedisURI.create(lettuceForm(url)));
    return Future.fromCompletionStage(connecting, context)
        .map(conn -> new PortalRedis(vertx, standalone, conn, conn.async()));
  }

  /**
   * The hub's {@code redis-sentinel://host:port,host:port/masterName} in Lettuce's form, the name
   * after {@code #}; Lettuce then asks a Sentinel for the primary on every (re)connect.
   */
  static String lettuceForm(String url) {
    if (!url.startsWith("redis-sentinel://") || url.contains("#")) {
      return url;
    }
    int slash = url.indexOf('/', "redis-sentinel://".length());
    return slash < 0 ? url : url.substring(0, slash) + "#" + url.substring(slash + 1);
  }

  /** EVAL of a script answering a list; Lettuce's output types stay in this class. */
  Future<List<Object>> evalList(String script, String[] keys, String... args) {
    return call(c -> c.<List<Object>>eval(script, ScriptOutputType.MULTI, keys, args));
  }

  /** Runs a command; the result comes back on the caller's Vert.x context. */
  <T> Future<T> call(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
    return Future.fromCompletionStage(command.apply(commands), vertx.getOrCreateContext());
  }

  Future<Void> close() {
    return Future.fromCompletionStage(connection.closeAsync(), vertx.getOrCreateContext())
        .compose(v -> Future.fromCompletionStage(client.shutdownAsync(), vertx.getOrCreateContext()))
        .mapEmpty();
  }
}
