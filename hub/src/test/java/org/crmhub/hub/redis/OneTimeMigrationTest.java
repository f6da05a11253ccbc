package org.crmhub.hub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.crmhub.hub.testing.RedisPerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class OneTimeMigrationTest {

  @RegisterExtension
  static final RedisPerClass server = new RedisPerClass();

  @Test
  void aChangeCutShortRunsAgainAndOneThatCompletedNeverDoes(Vertx vertx, VertxTestContext test) {
    AtomicInteger runs = new AtomicInteger();
    Redis.connect(vertx, server.url()).compose(redis -> {
      OneTimeMigration migration = new OneTimeMigration(redis, "crm:test:one-time");
      return migration.runOnce(() -> {
            runs.incrementAndGet();
            return Future.<String>failedFuture(new IllegalStateException("cut short"));
          }, "skipped")
          .transform(cutShort -> {
            test.verify(() -> assertTrue(cutShort.failed()));
            return migration.runOnce(() -> {
              runs.incrementAndGet();
              return Future.succeededFuture("moved");
            }, "skipped");
          })
          .compose(completed -> migration.runOnce(() -> {
            runs.incrementAndGet();
            return Future.succeededFuture("moved again");
          }, "skipped").map(later -> {
            test.verify(() -> {
              assertEquals("moved", completed);
              assertEquals("skipped", later);
              assertEquals(2, runs.get(), "run while cut short, then once to completion, never after");
            });
            return null;
          }))
          .eventually(redis::shutdown);
    }).onComplete(test.succeedingThenComplete());
  }
}
