package org.crmhub.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class IntakePacingTest {

  @Test
  void theDelayRisesWithTheExcessFromNoneToTheMostAtTwiceTheThreshold() {
    assertEquals(0, IntakePacing.delayMillis(0, 500, 400));
    assertEquals(0, IntakePacing.delayMillis(500, 500, 400), "at the threshold nothing waits");
    assertEquals(1, IntakePacing.delayMillis(501, 500, 400), "just over it: the least there is");
    assertEquals(100, IntakePacing.delayMillis(625, 500, 400));
    assertEquals(200, IntakePacing.delayMillis(750, 500, 400));
    assertEquals(400, IntakePacing.delayMillis(1_000, 500, 400));
    assertEquals(400, IntakePacing.delayMillis(90_000, 500, 400), "never more than the most");
    assertEquals(0, IntakePacing.delayMillis(90_000, 0, 400), "no threshold: pacing off");
    assertEquals(0, IntakePacing.delayMillis(90_000, 500, 0), "no delay: pacing off");
  }

  @Test
  void answersWaitPerPartitionAndPhoneCallsNever(Vertx vertx, VertxTestContext test) {
    List<String> paced = new ArrayList<>();
    // 400 over two partitions: each paces above 200 waiting
    IntakePacing pacing = new IntakePacing(vertx, new IntakeSettings(0, 400, Duration.ofMillis(30)), 2,
        (channel, delay) -> paced.add(channel.wireName() + " " + delay.toMillis()));
    pacing.answer(Channel.EMAIL, 200, "at the threshold")
        .compose(first -> pacing.answer(Channel.PHONE, 10_000, "a caller"))
        .compose(second -> pacing.answer(Channel.EMAIL, 300, "half way"))
        .compose(third -> pacing.answer(Channel.API, 10_000, "far behind"))
        .onComplete(test.succeeding(last -> test.verify(() -> {
          assertEquals("far behind", last);
          assertEquals(List.of("email 15", "api 30"), paced);
          test.completeNow();
        })));
  }

  @Test
  void aDelayBeyondWhatSendersWaitForIsRefusedAtStart() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new IntakeSettings(0, 1_000, Duration.ofSeconds(6)));
    assertTrue(refused.getMessage().contains("CRMHUB_PACE_MAX_DELAY_MS"), refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IntakeSettings(0, -1, Duration.ofMillis(1)));
  }
}
