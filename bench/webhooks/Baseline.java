import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Baseline for the webhooks benchmark: posts the same payloads the hub delivered, to the same
 * receiver, with the bare Vert.x HTTP client and nothing else (no Redis, no leases, no signing,
 * no delivery log), with at most C requests in flight on at most C keep-alive connections.
 *
 * <p>Each request has the hub's header shape: {@code content-type}, {@code user-agent}, a
 * {@code webhook-id} of the hub's length ({@code msg_} and 24 characters, one per payload), the
 * {@code webhook-timestamp} and a dummy {@code webhook-signature} of the length of one v1
 * signature. With {@code --warmup K} it first makes K passes over all payloads with the header
 * {@code bench-warmup: 1} (the receiver answers those without counting them), so that this JVM
 * is about as warm as the hub, which has sent each payload twice before it is measured (the
 * failed first attempt and a warm-up round). Then it makes {@code --rounds} measured passes over
 * all payloads. With {@code --control URL} (the receiver's origin) it resets the receiver's counters before each measured pass and, after it, waits (at
 * most 10 s) for the receiver's stats, which go into that pass's report as {@code receiver}.
 *
 * <p>{@code java -cp hub/target/crm-hub.jar bench/webhooks/Baseline.java --url URL --payloads FILE
 * --concurrency C [--rounds R] [--warmup K] [--control URL] [--timeout-seconds S]}. FILE holds one
 * JSON payload per line. Prints one line of JSON; each pass has {@code sent}, {@code ok} (2xx),
 * {@code statuses}, {@code errors}, {@code startedAtMs} (epoch ms when it began),
 * {@code elapsedMs} (to the last answer) and {@code cpuMs} (CPU time of this JVM meanwhile). Exit
 * code 0 when every request got a 2xx within the time limit (all passes), 1 otherwise.
 *
 * <p>It uses {@code io.vertx.core.http.HttpClient}, the client the hub's webhook sender uses;
 * the Vert.x WebClient is not in the hub jar.
 */
public final class Baseline extends VerticleBase {

  private static final String SIGNATURE = "v1," + "A".repeat(43) + "=";
  private static final String USER_AGENT = "crm-hub-bench-baseline";

  private final String url;
  private final List<Buffer> payloads;
  private final int concurrency;
  private final int rounds;
  private final int warmupPasses;
  private final String control;
  private final long timeoutMs;
  private final Promise<JsonObject> result = Promise.promise();
  private final JsonArray passes = new JsonArray();
  private JsonObject warmupReport;
  private HttpClient client;
  private HttpClient controlClient;

  private Baseline(String url, List<Buffer> payloads, int concurrency, int rounds, int warmupPasses,
      String control, long timeoutMs) {
    this.url = url;
    this.payloads = payloads;
    this.concurrency = concurrency;
    this.rounds = rounds;
    this.warmupPasses = warmupPasses;
    this.control = control;
    this.timeoutMs = timeoutMs;
  }

  /** One pass over all payloads: C lanes, each sending the next payload when its last is answered. */
  private final class Pass {
    final String idPrefix;
    final boolean warm;
    final Promise<Void> done = Promise.promise();
    final Map<Integer, Long> statuses = new TreeMap<>();
    int next;
    int answered;
    long ok;
    long errors;
    String firstError;
    long startedAtMs;
    long startedNanos;
    long elapsedNanos = -1;
    long cpuStartNanos;
    long cpuNanos = -1;

    Pass(String idPrefix, boolean warm) {
      this.idPrefix = idPrefix;
      this.warm = warm;
    }

    Future<Void> run() {
      cpuStartNanos = processCpuNanos();
      startedAtMs = System.currentTimeMillis();
      startedNanos = System.nanoTime();
      int lanes = Math.min(concurrency, payloads.size());
      for (int i = 0; i < lanes; i++) {
        sendNext();
      }
      return done.future();
    }

    void sendNext() {
      if (next >= payloads.size()) {
        return;
      }
      int index = next++;
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setAbsoluteURI(url)
          .setTimeout(10_000)
          .setFollowRedirects(false);
      client.request(options)
          .compose(request -> {
            request.putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", String.format("msg_%s%020d", idPrefix, index))
                .putHeader("webhook-timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .putHeader("webhook-signature", SIGNATURE);
            if (warm) {
              request.putHeader("bench-warmup", "1");
            }
            return request.send(payloads.get(index));
          })
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(answer -> {
            if (answer.succeeded()) {
              int status = answer.result();
              statuses.merge(status, 1L, Long::sum);
              if (status >= 200 && status < 300) {
                ok++;
              }
            } else {
              errors++;
              if (firstError == null) {
                firstError = String.valueOf(answer.cause());
              }
            }
            if (++answered == payloads.size()) {
              elapsedNanos = System.nanoTime() - startedNanos;
              long cpu = processCpuNanos();
              cpuNanos = cpu < 0 || cpuStartNanos < 0 ? -1 : cpu - cpuStartNanos;
              done.tryComplete();
            } else {
              sendNext();
            }
          });
    }

    JsonObject report() {
      JsonObject codes = new JsonObject();
      statuses.forEach((status, count) -> codes.put(Integer.toString(status), count));
      return new JsonObject()
          .put("sent", next)
          .put("answered", answered)
          .put("ok", ok)
          .put("statuses", codes)
          .put("errors", errors)
          .put("firstError", firstError)
          .put("startedAtMs", startedAtMs)
          .put("elapsedMs", (elapsedNanos >= 0 ? elapsedNanos : System.nanoTime() - startedNanos) / 1e6)
          .put("cpuMs", cpuNanos < 0 ? null : cpuNanos / 1e6);
    }
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000),
        new PoolOptions().setHttp1MaxSize(concurrency));
    controlClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000),
        new PoolOptions().setHttp1MaxSize(1));
    long timer = vertx.setTimer(timeoutMs, id -> result.tryComplete(summary().put("timedOut", true)));
    Future<Void> chain = Future.succeededFuture();
    long[] warmupStartedNanos = new long[1];
    for (int pass = 0; pass < warmupPasses; pass++) {
      Pass warm = new Pass(String.format("w%03d", pass), true);
      chain = chain.compose(v -> {
        if (warmupStartedNanos[0] == 0) {
          warmupStartedNanos[0] = System.nanoTime();
        }
        return warm.run();
      }).map(v -> {
        warmupReport = warm.report().put("passes", warmupPasses)
            .put("elapsedMs", (System.nanoTime() - warmupStartedNanos[0]) / 1e6);
        return null;
      });
    }
    for (int round = 0; round < rounds; round++) {
      Pass pass = new Pass(String.format("b%03d", round), false);
      chain = chain
          .compose(v -> control == null
              ? Future.succeededFuture()
              : control(HttpMethod.POST, "/control/reset"))
          .compose(v -> pass.run())
          .compose(v -> control == null
              ? Future.succeededFuture((JsonObject) null)
              : control(HttpMethod.GET, "/control/wait?okIds=" + payloads.size() + "&timeoutMs=10000"))
          .map(stats -> {
            JsonObject report = pass.report();
            if (stats != null) {
              report.put("receiver", stats);
            }
            passes.add(report);
            return null;
          });
    }
    chain.onComplete(done -> {
      vertx.cancelTimer(timer);
      JsonObject report = summary().put("timedOut", false);
      if (done.failed()) {
        report.put("failure", String.valueOf(done.cause()));
      }
      result.tryComplete(report);
    });
    return Future.succeededFuture();
  }

  private Future<JsonObject> control(HttpMethod method, String path) {
    return controlClient.request(new RequestOptions().setMethod(method).setAbsoluteURI(control + path)
            .setTimeout(20_000))
        .compose(request -> request.send())
        .compose(response -> response.body().compose(body -> response.statusCode() == 200
            ? Future.succeededFuture(body.toJsonObject())
            : Future.failedFuture(path + " answered " + response.statusCode())));
  }

  private JsonObject summary() {
    JsonObject report = new JsonObject()
        .put("payloads", payloads.size())
        .put("concurrency", concurrency)
        .put("rounds", rounds)
        .put("client", "io.vertx.core.http.HttpClient, Vert.x " + vertxVersion())
        .put("passes", passes.copy());
    if (warmupReport != null) {
      report.put("warmup", warmupReport);
    }
    return report;
  }

  /** CPU time of this whole JVM (all threads, GC and JIT included), or -1 when unknown. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static String vertxVersion() {
    try (var in = Vertx.class.getResourceAsStream("/META-INF/maven/io.vertx/vertx-core/pom.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException unreadable) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws IOException {
    String url = null;
    String file = null;
    String control = null;
    int concurrency = 50;
    int rounds = 1;
    int warmupPasses = 0;
    long timeoutSeconds = 120;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--url" -> url = args[++i];
          case "--payloads" -> file = args[++i];
          case "--control" -> control = args[++i];
          case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--warmup" -> warmupPasses = Integer.parseInt(args[++i]);
          case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(args[++i]);
          default -> usage("unknown argument " + args[i]);
        }
      }
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException bad) {
      usage("bad arguments: " + bad.getMessage());
    }
    if (url == null || file == null || concurrency < 1 || rounds < 1 || rounds > 100 || warmupPasses < 0
        || warmupPasses > 100 || timeoutSeconds < 1) {
      usage("--url and --payloads are required; --concurrency, --rounds (at most 100) and --timeout-seconds"
          + " must be at least 1, --warmup from 0 to 100");
    }
    List<Buffer> payloads = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank())
        .map(Buffer::buffer)
        .toList();
    if (payloads.isEmpty()) {
      usage(file + " holds no payloads");
    }
    Vertx vertx = Vertx.vertx();
    Baseline baseline =
        new Baseline(url, payloads, concurrency, rounds, warmupPasses, control, timeoutSeconds * 1000);
    vertx.deployVerticle(baseline).onFailure(err -> {
      System.err.println("baseline: " + err);
      System.exit(1);
    });
    JsonObject report = baseline.result.future().toCompletionStage().toCompletableFuture().join();
    System.out.println(report.encode());
    JsonArray done = report.getJsonArray("passes");
    boolean complete = !report.getBoolean("timedOut") && !report.containsKey("failure")
        && done.size() == rounds
        && done.stream().allMatch(pass -> ((JsonObject) pass).getLong("ok") == payloads.size());
    System.exit(complete ? 0 : 1);
  }

  private static void usage(String problem) {
    System.err.println("baseline: " + problem);
    System.err.println("usage: java -cp crm-hub.jar bench/webhooks/Baseline.java --url URL --payloads FILE"
        + " --concurrency C [--rounds R] [--warmup K] [--control URL] [--timeout-seconds S]");
    System.exit(2);
  }
}
