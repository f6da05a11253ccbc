package org.crmhub.hub;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.redis.EmbeddedRedis;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.search.StoppedHubRebuild;

/**
 * {@code crm-hub.jar search-index --rebuild}: rebuilds a stopped hub's search index from Redis, with
 * the hub's own settings (environment), and prints how many messages and how long. It takes the
 * index's lock before anything else, so it refuses while a hub runs on that folder, and starts the
 * embedded Redis only after that (starting it would stop the running hub's).
 */
public final class SearchIndexCommand {

  static final String USAGE = "usage: search-index --rebuild   (with the hub's environment: REDIS_URL,"
      + " CRMHUB_DATA_DIR, CRMHUB_SEARCH_DIR; the hub must be stopped)";
  private static final long MAX_HOURS = 24;

  private SearchIndexCommand() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** @return the exit code: 0 rebuilt, 1 failed or the index is in use, 2 bad arguments or settings */
  static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    if (!args.equals(List.of("--rebuild"))) {
      err.println("search-index: " + USAGE);
      return 2;
    }
    HubConfig config;
    try {
      config = HubConfig.fromEnvironment(environment);
    } catch (IllegalArgumentException bad) {
      err.println("search-index: bad configuration: " + bad.getMessage());
      return 2;
    }
    StoppedHubRebuild rebuild;
    try {
      rebuild = StoppedHubRebuild.open(config.searchDir());
    } catch (StoppedHubRebuild.IndexInUse inUse) {
      err.println("search-index: " + inUse.getMessage());
      return 1;
    } catch (java.io.IOException failed) {
      err.println("search-index: cannot open " + config.searchDir() + ": " + failed);
      return 1;
    }
    EmbeddedRedis embedded = null;
    Vertx vertx = Vertx.vertx();
    try (rebuild) {
      String url = config.redisUrl();
      if (url == null) {
        embedded = EmbeddedRedis.start(config.dataDir());
        url = embedded.url();
      }
      out.println("search-index: rebuilding " + config.searchDir() + " from Redis ...");
      String redisUrl = url;
      StoppedHubRebuild.Outcome outcome = Redis.connect(vertx, redisUrl)
          .compose(redis -> rebuild.run(vertx, redis).eventually(redis::shutdown))
          .toCompletionStage().toCompletableFuture().get(MAX_HOURS, TimeUnit.HOURS);
      out.printf("search-index: %d messages indexed in %.1f s (%.0f messages/s), position %s, generation %d%n",
          outcome.messages(), outcome.millis() / 1000.0,
          outcome.millis() == 0 ? 0.0 : outcome.messages() * 1000.0 / outcome.millis(), outcome.position(),
          outcome.generation());
      return 0;
    } catch (Exception failed) {
      Throwable cause = failed instanceof java.util.concurrent.ExecutionException ? failed.getCause() : failed;
      err.println("search-index: rebuild failed, the index is as it was: " + cause);
      return 1;
    } finally {
      close(vertx, embedded, err);
    }
  }

  private static void close(Vertx vertx, EmbeddedRedis embedded, PrintStream err) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.stop();
      }
    } catch (Exception failed) {
      err.println("search-index: stopping: " + failed);
    }
  }
}
