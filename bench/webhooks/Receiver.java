import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
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
 * While open it counts the 2xx answers, the distinct webhook-ids among them, the wall-clock
 * time (epoch ms) of the first and the last 2xx answer, the pauses of more than 50 ms between
 * two consecutive 2xx answers (time in which no request arrived, since it answers at once), the
 * 2xx answers in each 100 ms from the first one, and the CPU time this JVM used from the first
 * to the last 2xx answer; in either state, the connections that carried counted hook requests.
 * Requests with the header {@code bench-warmup} are answered 204 and only counted as warm-up.
 *
 * <p>Control, on the same server: {@code POST /control/open}, {@code POST /control/close},
 * {@code POST /control/reset} (zeroes the counters of both states, keeps the bodies),
 * {@code GET /control/stats} (JSON), {@code GET /control/bodies} (the kept bodies, one per line,
 * in arrival order) and {@code GET /control/wait?okIds=N&timeoutMs=T} or
 * {@code ?rejectedIds=N}: answers the stats as soon as that many distinct webhook-ids were
 * answered 2xx (or 503), or after T ms (at most 600,000) with whatever there is, so the run
 * script need not poll while the hub is being measured.
 *
 * <p>Before it reports that it listens, it warms itself up: it sends itself 20,000 requests
 * (half answered 503, half 204) and then zeroes everything, so that its JIT compiler does not
 * compete for CPU with the sender being measured.
 *
 * <p>Run with the source launcher and the hub jar as class path (it brings Vert.x):
 * {@code java -cp hub/target/crm-hub.jar bench/webhooks/Receiver.java <port> [warm-up requests]}.
 * Listens on 127.0.0.1 only, prints {@code listening on port N} when ready (after the warm-up),
 * exits on SIGTERM. Everything runs on one event loop (one verticle), so the state needs no locks.
 */
public final class Receiver extends VerticleBase {

  private static final String HOOK = "/hook";
  /** bodies kept at most: the hub replays at most 10,000 deliveries per request */
  private static final int MAX_BODIES = 100_000;
  private static final long MAX_WAIT_MS = 600_000;
  private static final long WAIT_CHECK_MS = 20;
  private static final long IDLE_GAP_MS = 50;
  /** the 2xx answers per 100 ms from the first one are kept for this many buckets (2 minutes) */
  private static final int BUCKETS = 1_200;
  private static final long BUCKET_MS = 100;
  private static final int DEFAULT_WARMUP_REQUESTS = 20_000;
  private static final int WARMUP_CONCURRENCY = 16;
  /** the shape and size of a hub message.created payload */
  private static final String WARMUP_BODY = "{\"type\":\"message.created\","
      + "\"timestamp\":\"2026-01-01T00:00:00.000000000Z\","
      + "\"data\":{\"conversationId\":\"cv_0000000000000000\",\"customerId\":\"cu_0000000000000000\","
      + "\"customerName\":\"User 0\",\"message\":{\"id\":\"ct_0000000000000000\",\"direction\":\"inbound\","
      + "\"channel\":\"api\",\"externalId\":\"warm-up-0000000000\",\"from\":\"email:user0@example.com\","
      + "\"receivedAt\":\"2026-01-01T00:00:00.000000000Z\","
      + "\"sentiment\":{\"compound\":0.0,\"label\":\"neutral\"},"
      + "\"metadata\":{},\"fromName\":\"User 0\",\"text\":\"Hello, my order has not arrived\",\"html\":null},"
      + "\"sequence\":1}}";

  private final int port;
  private final int warmupRequests;
  private boolean open;

  // while open
  private long ok;
  private long okDuplicates;
  private long okWithoutId;
  private final Set<String> okIds = new HashSet<>();
  private long firstOkAtMs;
  private long lastOkAtMs;
  /** pauses longer than IDLE_GAP_MS between two consecutive 2xx answers: no request arrived */
  private long idleGaps;
  private long idleGapMs;
  private long cpuAtFirstOkNanos = -1;
  private long cpuAtLastOkNanos = -1;
  private final long[] okPerBucket = new long[BUCKETS];
  private int lastBucket = -1;
  // while closed
  private long rejected;
  private final Set<String> rejectedIds = new HashSet<>();
  private long firstRejectedAtMs;
  private long lastRejectedAtMs;
  private final Map<String, String> bodies = new LinkedHashMap<>();
  private long bodiesDropped;
  // either
  /** connections that carried at least one hook request since the last reset */
  private final Set<HttpConnection> hookConnections = new HashSet<>();
  private long warmups;
  private long notFound;
  private long unreadable;

  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(HttpServerRequest request, boolean okSide, long count, long deadline) {
  }

  private Receiver(int port, int warmupRequests) {
    this.port = port;
    this.warmupRequests = warmupRequests;
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: java -cp crm-hub.jar bench/webhooks/Receiver.java <port> [warm-up requests]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int warmupRequests = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_WARMUP_REQUESTS;
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new Receiver(port, warmupRequests))
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
        .listen(port, "127.0.0.1")
        .compose(server -> warmUp())
        .onSuccess(v -> {
          reset();
          open = false;
          bodies.clear();
          bodiesDropped = 0;
        });
  }

  /**
   * Sends itself warm-up requests through the same server and counting code, half while closed
   * and half while open, so that the JIT has compiled this receiver before anything is measured
   * (a receiver still compiling takes CPU from the sender it measures); all counts are reset
   * afterwards.
   */
  private Future<Void> warmUp() {
    if (warmupRequests <= 0) {
      return Future.succeededFuture();
    }
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(),
        new PoolOptions().setHttp1MaxSize(WARMUP_CONCURRENCY));
    Buffer body = Buffer.buffer(WARMUP_BODY);
    Promise<Void> done = Promise.promise();
    int[] sent = {0};
    int[] answered = {0};
    Runnable[] sendNext = new Runnable[1];
    sendNext[0] = () -> {
      if (sent[0] >= warmupRequests) {
        return;
      }
      int index = sent[0]++;
      open = index >= warmupRequests / 2;
      client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port).setHost("127.0.0.1")
              .setURI(HOOK).setTimeout(10_000))
          .compose(request -> request
              .putHeader("content-type", "application/json")
              .putHeader("webhook-id", String.format("msg_warmup%018d", index))
              .send(body))
          .compose(response -> response.body())
          .onComplete(answer -> {
            if (++answered[0] == warmupRequests) {
              client.close().onComplete(closed -> done.complete());
            } else {
              sendNext[0].run();
            }
          });
    };
    for (int i = 0; i < Math.min(WARMUP_CONCURRENCY, warmupRequests); i++) {
      sendNext[0].run();
    }
    return done.future();
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
    hookConnections.add(req.connection());
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
    long cpu = processCpuNanos();
    if (firstOkAtMs == 0) {
      firstOkAtMs = now;
      cpuAtFirstOkNanos = cpu;
    } else if (now - lastOkAtMs > IDLE_GAP_MS) {
      idleGaps++;
      idleGapMs += now - lastOkAtMs;
    }
    lastOkAtMs = now;
    cpuAtLastOkNanos = cpu;
    int bucket = (int) Math.min(BUCKETS - 1, (now - firstOkAtMs) / BUCKET_MS);
    okPerBucket[bucket]++;
    lastBucket = Math.max(lastBucket, bucket);
    req.response().setStatusCode(204).end();
  }

  private void reset() {
    ok = 0;
    okDuplicates = 0;
    okWithoutId = 0;
    okIds.clear();
    firstOkAtMs = 0;
    lastOkAtMs = 0;
    idleGaps = 0;
    idleGapMs = 0;
    cpuAtFirstOkNanos = -1;
    cpuAtLastOkNanos = -1;
    Arrays.fill(okPerBucket, 0);
    lastBucket = -1;
    rejected = 0;
    rejectedIds.clear();
    firstRejectedAtMs = 0;
    lastRejectedAtMs = 0;
    hookConnections.clear();
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
        .put("idleGapThresholdMs", IDLE_GAP_MS)
        .put("idleGaps", idleGaps)
        .put("idleGapMs", idleGapMs)
        .put("okPer100ms", timeline())
        .put("cpuMsFirstToLastOk", cpuAtFirstOkNanos < 0 || cpuAtLastOkNanos < 0
            ? null : (cpuAtLastOkNanos - cpuAtFirstOkNanos) / 1e6)
        .put("rejected", rejected)
        .put("rejectedIds", rejectedIds.size())
        .put("firstRejectedAtMs", firstRejectedAtMs == 0 ? null : firstRejectedAtMs)
        .put("lastRejectedAtMs", lastRejectedAtMs == 0 ? null : lastRejectedAtMs)
        .put("bodies", bodies.size())
        .put("bodiesDropped", bodiesDropped)
        .put("hookConnections", hookConnections.size())
        .put("warmups", warmups)
        .put("notFound", notFound)
        .put("unreadable", unreadable)
        .put("nowMs", System.currentTimeMillis());
  }

  /** CPU time of this whole JVM (all threads, GC and JIT included), or -1 when unknown. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** 2xx answers per 100 ms from the first one; the last bucket also holds all later ones */
  private JsonArray timeline() {
    JsonArray buckets = new JsonArray();
    for (int i = 0; i <= lastBucket; i++) {
      buckets.add(okPerBucket[i]);
    }
    return buckets;
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
