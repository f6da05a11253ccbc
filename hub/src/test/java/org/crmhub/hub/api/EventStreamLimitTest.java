package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/** One credential holds a bounded number of event streams open; one more is refused with 429 until one ends. */
class EventStreamLimitTest extends HubTestBase {

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aCredentialHoldingItsLimitIsRefusedUntilOneOfItsStreamsEnds(VertxTestContext test) {
    int limit = EventsApi.STREAMS_PER_CREDENTIAL;
    HttpClient client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(limit + 5));
    List<HttpClientResponse> open = new ArrayList<>();
    List<Future<HttpClientResponse>> opening = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      opening.add(stream(client));
    }
    Future.all(opening)
        .compose(all -> {
          opening.forEach(one -> open.add(one.result()));
          test.verify(() -> assertTrue(open.stream().allMatch(response -> response.statusCode() == 200)));
          return stream(client);
        })
        .compose(refused -> refused.body().map(body -> {
          test.verify(() -> {
            assertEquals(429, refused.statusCode());
            assertTrue(refused.getHeader("Content-Type").startsWith("application/problem+json"));
            assertEquals("5", refused.getHeader("Retry-After"));
            JsonObject problem = body.toJsonObject();
            assertEquals(429, problem.getInteger("status"));
            assertTrue(problem.getString("detail").contains(Integer.toString(limit)), problem.encode());
          });
          return null;
        }))
        // one stream ends: its place is free again
        .compose(v -> open.get(0).request().connection().close())
        .compose(v -> Eventually.holds(vertx, 10_000, "a stream opens once one has ended", () -> stream(client)
            .map(response -> {
              boolean opened = response.statusCode() == 200;
              if (!opened) {
                response.request().connection().close();
              }
              return opened;
            })))
        .eventually(client::close)
        .onComplete(test.succeedingThenComplete());
  }

  private Future<HttpClientResponse> stream(HttpClient client) {
    return client.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port()).setURI("/api/v1/events")
            .putHeader("Authorization", "Bearer " + TestHub.API_KEY))
        .compose(request -> request.send());
  }
}
