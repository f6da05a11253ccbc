package org.crmhub.hub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Calls made together share one round trip; while one is out, the next ones gather. */
@ExtendWith(VertxExtension.class)
class BatchedCallsTest {

  @Test
  void callsOfOneTaskGoOutTogetherAndCallsMadeMeanwhileGatherForTheNext(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<List<Integer>> batches = new ArrayList<>();
    List<Promise<List<String>>> outstanding = new ArrayList<>();
    context.runOnContext(start -> {
      BatchedCalls<Integer, String> calls = new BatchedCalls<>(context, 3, inputs -> {
        batches.add(inputs);
        Promise<List<String>> answer = Promise.promise();
        outstanding.add(answer);
        return answer.future();
      });
      List<Future<String>> first = List.of(calls.call(1), calls.call(2));
      context.runOnContext(afterFirstTask -> {
        // the first two went out together; four more gather while they are out
        List<Future<String>> more = List.of(calls.call(3), calls.call(4), calls.call(5), calls.call(6));
        test.verify(() -> assertEquals(List.of(List.of(1, 2)), batches));
        outstanding.get(0).complete(List.of("one", "two"));
        test.verify(() -> {
          assertEquals("one", first.get(0).result());
          assertEquals("two", first.get(1).result());
          assertEquals(List.of(List.of(1, 2), List.of(3, 4, 5)), batches, "at most three at once, in order");
        });
        outstanding.get(1).fail(new IllegalStateException("connection lost"));
        test.verify(() -> {
          assertTrue(more.subList(0, 3).stream().allMatch(Future::failed), "a failed round trip fails each of its calls");
          assertEquals(List.of(List.of(1, 2), List.of(3, 4, 5), List.of(6)), batches);
        });
        // a wrong number of answers is a failure, never an answer given to the wrong call
        outstanding.get(2).complete(List.of("six", "extra"));
        test.verify(() -> assertTrue(more.get(3).failed()));
        test.completeNow();
      });
    });
  }

  @Test
  void aCallFromAnotherThreadGoesOutOnTheBatchersContext(Vertx vertx, VertxTestContext test) {
    Context context = vertx.getOrCreateContext();
    List<Context> sentOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    BatchedCalls<String, String> calls = new BatchedCalls<>(context, 10, inputs -> {
      sentOn.add(Vertx.currentContext());
      return Future.succeededFuture(inputs.stream().map(String::toUpperCase).toList());
    });
    Thread outside = new Thread(() -> calls.call("a").onComplete(test.succeeding(answer -> test.verify(() -> {
      assertEquals("A", answer);
      assertEquals(List.of(context), sentOn, "the batch went out on the batcher's context");
      test.completeNow();
    }))));
    outside.start();
  }
}
