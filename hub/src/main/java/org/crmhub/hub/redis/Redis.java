package org.crmhub.hub.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The hub's one Lettuce client, standalone or cluster, with every reply bridged back onto the
 * calling Vert.x context. Commands time out and the request queue is bounded, so a slow or absent
 * Redis fails requests fast instead of queueing them without limit.
 */
public final class Redis {

  /** Lettuce's switch for its Flight Recorder events (one per connection and command latency). */
  static final String LETTUCE_JFR_PROPERTY = "io.lettuce.core.jfr";

  static {
    // Lettuce records a JFR event per connection; the first one registers its event types, which
    // sets up JFR's metadata on the connecting thread: at start that held an event loop for 2.2-2.5 s
    // (blocked-thread warnings, stack in the log). Nothing reads those events; an operator who wants
    // them sets the property to true.
    if (System.getProperty(LETTUCE_JFR_PROPERTY) == null) {
      System.setProperty(LETTUCE_JFR_PROPERTY, "false");
    }
  }

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);
  private static final int REQUEST_QUEUE_SIZE = 10_000;
  /**
   * How often a cluster client reloads the slot map unprompted: after a failover the promoted
   * replica gets its slots within this, even when nothing redirected the client there.
   */
  private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(2);
  /**
   * The least time between two refreshes that redirects or lost connections ask for: a failover
   * takes a few seconds (the node timeout, then the election), and a refresh asked for while the
   * old primary is still named must not hold back the one that finds the new primary.
   */
  private static final Duration CLUSTER_REFRESH_TRIGGER_GAP = Duration.ofMillis(500);

  private final Vertx vertx;
  private final AbstractRedisClient client;
  /** The client's own threads and timers, shut down with it. */
  private final ClientResources resources;
  private final Supplier<CompletionStage<? extends StatefulConnection<String, String>>> connector;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterAsyncCommands<String, String> commands;

  private Redis(Vertx vertx, AbstractRedisClient client, ClientResources resources,
      Supplier<CompletionStage<? extends StatefulConnection<String, String>>> connector,
      StatefulConnection<String, String> connection) {
    this.vertx = vertx;
    this.client = client;
    this.resources = resources;
    this.connector = connector;
    this.connection = connection;
    this.commands = asyncOf(connection);
  }

  /**
   * Connects to {@code redis://…}, {@code rediss://…}, {@code redis-cluster://host:port,…} or
   * {@code redis-sentinel://host:port,host:port/masterName}.
   */
  public static Future<Redis> connect(Vertx vertx, String url) {
    // Lettuce records every command's latency in histograms when HdrHistogram is on the class path
    // (Micrometer brings it); nothing reads them, and they cost a few per cent of the hub's CPU
    ClientResources resources = ClientResources.builder()
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .build();
    if (url.startsWith("redis-cluster://")) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, clusterSeeds(url));
      cluster.setOptions(ClusterClientOptions.builder()
          .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
          .requestQueueSize(REQUEST_QUEUE_SIZE)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .topologyRefreshOptions(followFailovers())
          .build());
      // the asynchronous connect needs the slot map loaded first (it does not load it itself)
      return Future.fromCompletionStage(cluster.refreshPartitionsAsync(), vertx.getOrCreateContext())
          .compose(loaded -> open(vertx, cluster, resources, () -> cluster.connectAsync(StringCodec.UTF8)));
    }
    RedisClient standalone = RedisClient.create(resources);
    standalone.setOptions(ClientOptions.builder()
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    RedisURI uri = SentinelUrl.isSentinel(url) ? SentinelUrl.parse(url) : RedisURI.create(url);
    return open(vertx, standalone, resources, () -> standalone.connectAsync(StringCodec.UTF8, uri));
  }

  /**
   * Reloads the slot map when a node redirects (MOVED, ASK), names a node or leaves a slot the
   * client does not know, or a node connection keeps failing to reconnect (its primary died), and
   * periodically besides, so that a replica promoted by the cluster is written to within seconds.
   */
  private static ClusterTopologyRefreshOptions followFailovers() {
    return ClusterTopologyRefreshOptions.builder()
        .enableAllAdaptiveRefreshTriggers()
        .adaptiveRefreshTriggersTimeout(CLUSTER_REFRESH_TRIGGER_GAP)
        .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
        .build();
  }

  private static Future<Redis> open(Vertx vertx, AbstractRedisClient client, ClientResources resources,
      Supplier<CompletionStage<? extends StatefulConnection<String, String>>> connector) {
    CompletionStage<StatefulConnection<String, String>> connecting = connector.get().thenApply(conn -> conn);
    return Future.fromCompletionStage(connecting, vertx.getOrCreateContext())
        .compose(conn -> connectEveryPrimary(vertx, conn).map(v -> new Redis(vertx, client, resources, connector, conn)));
  }

  /**
   * A cluster connection opens its per-node connections lazily, and with commands rejected while
   * disconnected the first command to each node would fail; one PING to every primary opens them.
   */
  private static Future<Void> connectEveryPrimary(Vertx vertx, StatefulConnection<String, String> conn) {
    if (!(conn instanceof StatefulRedisClusterConnection<String, String> cluster)) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(cluster.async().upstream().commands().ping(), vertx.getOrCreateContext())
        .mapEmpty();
  }

  /**
   * A second connection on the same client, for commands that block (XREADGROUP BLOCK, XREAD
   * BLOCK) and would otherwise hold up every other command on the shared one.
   */
  public Future<Redis> dedicatedConnection() {
    return open(vertx, client, resources, connector);
  }

  /** Runs one command; the future completes on the caller's Vert.x context. */
  public <T> Future<T> call(Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
    try {
      return Future.<T>fromCompletionStage(command.apply(commands), vertx.getOrCreateContext())
          // a connection lost mid-command fails it with the socket's own IOException; callers
          // (and the 503 mapping) see every storage failure as a RedisException
          .recover(failure -> Future.failedFuture(failure instanceof java.io.IOException
              ? new io.lettuce.core.RedisConnectionException("connection to Redis lost: " + failure.getMessage(), failure)
              : failure));
    } catch (RuntimeException rejected) {
      // Lettuce rejects synchronously when disconnected or the queue is full
      return Future.failedFuture(rejected);
    }
  }

  /**
   * This connection, or in a cluster the connection to the primary that owns {@code key}'s slot.
   * Commands that must follow a write on the very connection that made it (WAIT) run there; the
   * returned Redis shares the cluster's pooled node connection and must not be closed.
   */
  Future<Redis> primaryOf(String key) {
    if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
      return Future.succeededFuture(this);
    }
    RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
    if (owner == null) {
      return Future.failedFuture(new RedisException("no primary owns the slot of " + key + " (cluster topology unknown)"));
    }
    return Future.fromCompletionStage(cluster.getConnectionAsync(owner.getNodeId()), vertx.getOrCreateContext())
        .map(node -> new Redis(vertx, client, resources, connector, node));
  }

  /**
   * This connection, or in a cluster one to each node it knows (primaries and replicas), for
   * commands about a server's own files rather than keys. The node connections are the cluster's
   * pooled ones and must not be closed.
   */
  public Future<List<Redis>> everyServer() {
    if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
      return Future.succeededFuture(List.of(this));
    }
    List<Future<Redis>> nodes = new java.util.ArrayList<>();
    for (RedisClusterNode node : cluster.getPartitions()) {
      nodes.add(Future.fromCompletionStage(cluster.getConnectionAsync(node.getNodeId()), vertx.getOrCreateContext())
          .map(opened -> new Redis(vertx, client, resources, connector, opened)));
    }
    return Future.all(nodes).map(all -> all.<Redis>list());
  }

  /** Whether this is a Redis Cluster connection (several primaries, each with its own replication stream). */
  public boolean isCluster() {
    return connection instanceof StatefulRedisClusterConnection;
  }

  /**
   * One key in a slot of each primary serving slots, named {@code prefix} and a hash tag, for a
   * write that must reach every primary; outside a cluster the one key {@code prefix + "{0}"}.
   */
  List<String> keyOnEachPrimary(String prefix) {
    if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
      return List.of(prefix + "{0}");
    }
    Partitions partitions = cluster.getPartitions();
    long primaries = partitions.stream()
        .filter(node -> node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty())
        .count();
    Map<String, String> keyByPrimary = new LinkedHashMap<>();
    // each tag lands on a primary with the share of slots it serves: a few tries find them all
    for (int tag = 0; tag < SlotHash.SLOT_COUNT * 4 && keyByPrimary.size() < primaries; tag++) {
      String key = prefix + "{" + tag + "}";
      RedisClusterNode owner = partitions.getMasterBySlot(SlotHash.getSlot(key));
      if (owner != null) {
        keyByPrimary.putIfAbsent(owner.getNodeId(), key);
      }
    }
    return List.copyOf(keyByPrimary.values());
  }

  /**
   * The {@code host:port} of the server this connection talks to, as that server sees it (its
   * side of the socket): after a Sentinel failover, the promoted primary. Null in a cluster, where
   * there is no one primary.
   */
  public Future<String> serverAddress() {
    if (connection instanceof StatefulRedisClusterConnection) {
      return Future.succeededFuture(null);
    }
    return call(c -> c.clientInfo()).map(Redis::localAddressOf);
  }

  private static String localAddressOf(String clientInfo) {
    for (String field : clientInfo.trim().split(" ")) {
      if (field.startsWith("laddr=")) {
        return field.substring("laddr=".length());
      }
    }
    return null;
  }

  /** Whether a command failed because Redis is unreachable, slow, or refused it (not a bug of ours). */
  public static boolean isStorageFailure(Throwable failure) {
    return failure instanceof RedisException;
  }

  /** Closes this connection only; see {@link #shutdown()}. */
  public Future<Void> close() {
    return Future.fromCompletionStage(connection.closeAsync(), vertx.getOrCreateContext());
  }

  /** Closes this connection and the client with every connection it opened, then the client's threads. */
  public Future<Void> shutdown() {
    return close()
        .transform(ignored -> Future.fromCompletionStage(client.shutdownAsync(0, SHUTDOWN_TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS), vertx.getOrCreateContext()))
        .transform(ignored -> {
          CompletableFuture<Void> resourcesDown = new CompletableFuture<>();
          resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .addListener(done -> resourcesDown.complete(null));
          return Future.fromCompletionStage(resourcesDown, vertx.getOrCreateContext());
        });
  }

  private static RedisClusterAsyncCommands<String, String> asyncOf(StatefulConnection<String, String> conn) {
    if (conn instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return cluster.async();
    }
    return ((StatefulRedisConnection<String, String>) conn).async();
  }

  private static List<RedisURI> clusterSeeds(String url) {
    List<RedisURI> seeds = new ArrayList<>();
    for (String hostPort : url.substring("redis-cluster://".length()).split(",")) {
      seeds.add(RedisURI.create("redis://" + hostPort.trim()));
    }
    return seeds;
  }
}
