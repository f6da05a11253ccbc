package org.crmhub.hub.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Prometheus text exposition parsed by the Prometheus Python client's parser (Debian's
 * {@code python3-prometheus-client}), not by our own code. Blocking: call it on a worker thread.
 */
public final class PrometheusText {

  /** Debian's interpreter, where the Debian package installs the client. */
  private static final String PYTHON = "/usr/bin/python3";

  private final JsonArray families;

  private PrometheusText(JsonArray families) {
    this.families = families;
  }

  /** Whether the parser is installed; tests skip with this message when it is not. */
  public static boolean available() {
    try {
      Process probe = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true).start();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException | InterruptedException notThere) {
      return false;
    }
  }

  public static final String MISSING = "the Prometheus text parser is missing: apt-get install python3-prometheus-client";

  /** Parses, failing on anything the parser refuses. */
  public static PrometheusText parse(String exposition) throws IOException, InterruptedException {
    Path dir = TestDirectories.create("metrics");
    Path script = dir.resolve("parse_metrics.py");
    Path text = dir.resolve("metrics.txt");
    try (InputStream in = PrometheusText.class.getResourceAsStream("/prometheus/parse_metrics.py")) {
      Files.copy(in, script);
    }
    Files.writeString(text, exposition, StandardCharsets.UTF_8);
    Process parser = new ProcessBuilder(PYTHON, script.toString(), text.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!parser.waitFor(60, TimeUnit.SECONDS) || parser.exitValue() != 0) {
      throw new AssertionError("the Prometheus parser refused the exposition:\n" + exposition);
    }
    return new PrometheusText(new JsonObject(out).getJsonArray("families"));
  }

  /** The family's type ({@code counter}, {@code histogram}, {@code gauge}), or null when absent. */
  public String type(String family) {
    return families.stream().map(JsonObject.class::cast).filter(f -> family.equals(f.getString("name")))
        .map(f -> f.getString("type")).findFirst().orElse(null);
  }

  public List<JsonObject> families() {
    return families.stream().map(JsonObject.class::cast).toList();
  }

  /** Every sample of that name whose labels include these. */
  public List<JsonObject> samples(String sample, Map<String, String> labels) {
    Predicate<JsonObject> matches = s -> sample.equals(s.getString("name"))
        && labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.getJsonObject("labels").getString(l.getKey())));
    return families().stream().flatMap(f -> f.getJsonArray("samples").stream().map(JsonObject.class::cast))
        .filter(matches).toList();
  }

  /** The summed value of those samples; 0 when there is none. */
  public double value(String sample, Map<String, String> labels) {
    return samples(sample, labels).stream().mapToDouble(s -> s.getDouble("value")).sum();
  }
}
