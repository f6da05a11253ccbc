import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Receiver for the webhooks benchmark: a fast loopback webhook target with a switch.
 *
 * <p>{@code POST /hook} reads the body and answers 503 while the receiver is closed (the state it
 * starts in) and 204 while it is open. While closed it keeps the body of the first request for
 * each {@code webhook-id} (the hub's first attempts), so the baseline can send the same payloads.
 * While open it counts the 2xx answers, the distinct webhook-ids among them and the wall-clock
 * time (epoch ms) of the first and the last 2xx answer. Requests with the header
 * {@code bench-warmup} are answered 204 and only counted as warm-up.
 *
 * <p>Control, on the same server: {@code POST /control/open}, {@code POST /control/close},
 * {@code POST /control/reset} (zeroes the counters of both states, keeps the bodies),
 * {@code GET /control/stats} (JSON), {@code GET /control/bodies} (the kept bodies, one per line,
 * in arrival order) and {@code GET /control/wait?okIds=N&timeoutMs=T} or
 * {@code ?rejectedIds=N}: answers the stats as soon as that many distinct webhook-ids were
 * answered 2xx (or 503), or after T ms (at most 600,000) with whatever there is, so the run
 * script need not poll while the hub is being measured.
 *
 * <p>Run with the source launcher and the hub jar as class path (it brings Vert.x):
 * {@code java -cp hub/target/crm-hub.jar bench/webhooks/Receiver.java <port>}. Listens on
 * 127.0.0.1 only, prints {@code listening on port N} when ready, exits on SIGTERM. Everything
 * runs on one event loop (one verticle), so the state needs no locks.
 */
public final class Receiver extends VerticleBase {

  private static final String HOOK = "/hook";
  /** bodies kept at most: the hub replays at most 10,000 deliveries per request */
  private static final int MAX_BODIES = 100_000;
  private static final long MAX_WAIT_MS = 600_000;
  private static final long WAIT_CHECK_MS = 20;

  private final int port;
  private boolean open;

  // while open
  private long ok;
  private long okDuplicates;
  private long okWithoutId;
  private final Set<String> okIds = new HashSet<>();
  private long firstOkAtMs;
  private long lastOkAtMs;
  // while closed
  private long rejected;
  private final Set<String> rejectedIds = new HashSet<>();
  private long firstRejectedAtMs;
  private long lastRejectedAtMs;
  private final Map<String, String> bodies = new LinkedHashMap<>();
  private long bodiesDropped;
  // either
  private long warmups;
  private long notFound;
  private long unreadable;

  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(HttpServerRequest request, boolean okSide, long count, long deadline) {
  }

  private Receiver(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -cp crm-hub.jar bench/webhooks/Receiver.java <port>");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new Receiver(port))
        .onSuccess(id -> System.out.println("listening on port " + port))
        .onFailure(err -> {
          System.err.println("could not listen on port " + port + ": " + err);
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(WAIT_CHECK_MS, id -> checkWaiters());
    return vertx.createHttpServer()
        .requestHandler(this::handle)
        .listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (req.method() == HttpMethod.POST && HOOK.equals(path)) {
      req.body()
          .onSuccess(body -> hook(req, body.toString()))
          .onFailure(err -> {
            unreadable++;
            req.response().setStatusCode(400).end();
          });
      return;
    }
    switch (req.method().name() + " " + path) {
      case "POST /control/open" -> {
        open = true;
        json(req, stats());
      }
      case "POST /control/close" -> {
        open = false;
        json(req, stats());
      }
      case "POST /control/reset" -> {
        reset();
        json(req, stats());
      }
      case "GET /control/stats" -> json(req, stats());
      case "GET /control/bodies" -> {
        StringBuilder lines = new StringBuilder();
        for (String body : bodies.values()) {
          lines.append(body).append('\n');
        }
        req.response().putHeader("content-type", "application/x-ndjson").end(lines.toString());
      }
      case "GET /control/wait" -> waitFor(req);
      default -> {
        notFound++;
        req.response().setStatusCode(404).end();
      }
    }
  }

  private void hook(HttpServerRequest req, String body) {
    if (req.getHeader("bench-warmup") != null) {
      warmups++;
      req.response().setStatusCode(204).end();
      return;
    }
    String id = req.getHeader("webhook-id");
    long now = System.currentTimeMillis();
    if (!open) {
      rejected++;
      if (firstRejectedAtMs == 0) {
        firstRejectedAtMs = now;
      }
      lastRejectedAtMs = now;
      if (id != null && rejectedIds.add(id) && !bodies.containsKey(id)) {
        if (bodies.size() < MAX_BODIES && body.indexOf('\n') < 0) {
          bodies.put(id, body);
        } else {
          bodiesDropped++;
        }
      }
      req.response().setStatusCode(503).end();
      return;
    }
    ok++;
    if (id == null) {
      okWithoutId++;
    } else if (!okIds.add(id)) {
      okDuplicates++;
    }
    if (firstOkAtMs == 0) {
      firstOkAtMs = now;
    }
    lastOkAtMs = now;
    req.response().setStatusCode(204).end();
  }

  private void reset() {
    ok = 0;
    okDuplicates = 0;
    okWithoutId = 0;
    okIds.clear();
    firstOkAtMs = 0;
    lastOkAtMs = 0;
    rejected = 0;
    rejectedIds.clear();
    firstRejectedAtMs = 0;
    lastRejectedAtMs = 0;
    warmups = 0;
    notFound = 0;
    unreadable = 0;
  }

  private JsonObject stats() {
    return new JsonObject()
        .put("open", open)
        .put("ok", ok)
        .put("okIds", okIds.size())
        .put("okDuplicates", okDuplicates)
        .put("okWithoutId", okWithoutId)
        .put("firstOkAtMs", firstOkAtMs == 0 ? null : firstOkAtMs)
        .put("lastOkAtMs", lastOkAtMs == 0 ? null : lastOkAtMs)
        .put("rejected", rejected)
        .put("rejectedIds", rejectedIds.size())
        .put("firstRejectedAtMs", firstRejectedAtMs == 0 ? null : firstRejectedAtMs)
        .put("lastRejectedAtMs", lastRejectedAtMs == 0 ? null : lastRejectedAtMs)
        .put("bodies", bodies.size())
        .put("bodiesDropped", bodiesDropped)
        .put("warmups", warmups)
        .put("notFound", notFound)
        .put("unreadable", unreadable)
        .put("nowMs", System.currentTimeMillis());
  }

  private void waitFor(HttpServerRequest req) {
    String okIdsParam = req.getParam("okIds");
    String rejectedIdsParam = req.getParam("rejectedIds");
    long timeoutMs;
    long count;
    try {
      timeoutMs = Math.min(MAX_WAIT_MS, Long.parseLong(req.getParam("timeoutMs", "10000")));
      count = Long.parseLong(okIdsParam != null ? okIdsParam : rejectedIdsParam);
    } catch (NumberFormatException | NullPointerException bad) {
      req.response().setStatusCode(400).end("need okIds=N or rejectedIds=N, and timeoutMs=T\n");
      return;
    }
    waiters.add(new Waiter(req, okIdsParam != null, count, System.currentTimeMillis() + timeoutMs));
    checkWaiters();
  }

  private void checkWaiters() {
    if (waiters.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      long have = waiter.okSide() ? okIds.size() : rejectedIds.size();
      if (have >= waiter.count() || now >= waiter.deadline()) {
        it.remove();
        json(waiter.request(), stats().put("reached", have >= waiter.count()));
      }
    }
  }

  private static void json(HttpServerRequest req, JsonObject body) {
    if (req.response().closed()) {
      return; // a waiter whose client gave up
    }
    req.response().putHeader("content-type", "application/json").end(body.encode() + "\n");
  }
}
