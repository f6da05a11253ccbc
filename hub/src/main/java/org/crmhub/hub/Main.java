package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crmhub.hub.sentiment.SentimentCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar crm-hub.jar} runs the hub and the portal ({@code --demo} or
 * {@code CRMHUB_DEMO=true} fills an empty hub with sample data); {@code … sentiment} scores stdin lines;
 * {@code … search-index --rebuild} rebuilds a stopped hub's search index from Redis.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("sentiment")) {
      SentimentCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("search-index")) {
      SearchIndexCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    HubConfig config;
    try {
      config = HubConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      log.error("bad configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    if (!HugeMethodCompilation.enabled()) {
      log.warn("started without {}: each request body is validated by the interpreter, about ten times slower;"
          + " start the hub as the README shows", HugeMethodCompilation.FLAG);
    }
    boolean demo = Arrays.asList(args).contains("--demo") || "true".equalsIgnoreCase(System.getenv("CRMHUB_DEMO"));
    // an event loop held longer than the 2 s the checker allows is logged with its stack, not only
    // named, so a blocking call shows where it is (the default waits 5 s before giving the stack)
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setWarningExceptionTime(2)
        .setWarningExceptionTimeUnit(TimeUnit.SECONDS));
    Hub hub = new Hub(config, demo);
    vertx.deployVerticle(hub)
        .compose(started -> InProcessPortal.enabled(System.getenv())
            ? InProcessPortal.deploy(vertx, hub, config, System.getenv(), null).mapEmpty()
            : Future.succeededFuture())
        .onFailure(failure -> {
          log.error("crm-hub failed to start", failure);
          vertx.close().onComplete(closed -> System.exit(1));
        });
    // The embedded Redis library stops its server from a JVM shutdown hook of its own, which runs
    // at the same time as ours: Redis was gone before the connectors could give their leases up,
    // and the next start waited a lease time before reading mail. So SIGTERM and SIGINT stop the
    // hub first, and only then let the JVM (and its hooks) end.
    AtomicBoolean stopping = new AtomicBoolean();
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> {
        if (stopping.compareAndSet(false, true)) {
          closeAndWait(vertx);
          System.exit(128 + signal.getNumber());
        }
      });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAndWait(vertx), "crm-hub-shutdown"));
  }

  private static void closeAndWait(Vertx vertx) {
    CountDownLatch closed = new CountDownLatch(1);
    vertx.close().onComplete(done -> closed.countDown());
    try {
      closed.await(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
