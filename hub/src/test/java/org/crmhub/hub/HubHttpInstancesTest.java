package org.crmhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hub's HTTP side listens with several servers on one port, each on its own event loop. */
@ExtendWith(VertxExtension.class)
class HubHttpInstancesTest {

  @Test
  void connectionsAreServedOnAsManyEventLoopsAsInstances(Vertx vertx, VertxTestContext test, @TempDir Path dir) {
    HubConfig config = TestHub.config("redis://127.0.0.1:1", dir);
    Router root = Router.router(vertx);
    root.get("/thread").handler(ctx -> ctx.response().end(Thread.currentThread().getName()));
    HubHttp http = new HubHttp(vertx, config, root, Router.router(vertx));
    // a new connection per request: the servers take connections in turn
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    Set<String> threads = new TreeSet<>();
    vertx.runOnContext(start -> http.listen()
        .compose(server -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < 8; i++) {
            chain = chain.compose(v -> client.request(HttpMethod.GET, http.port(), "127.0.0.1", "/thread").send()
                .map(response -> {
                  threads.add(response.bodyAsString());
                  return null;
                }));
          }
          return chain;
        })
        .compose(v -> http.close())
        .onComplete(test.succeeding(v -> test.verify(() -> {
          assertEquals(config.httpInstances(), threads.size(), "one event loop per instance: " + threads);
          assertTrue(threads.stream().allMatch(name -> name.startsWith("vert.x-eventloop-thread-")), threads.toString());
          test.completeNow();
        }))));
  }
}
