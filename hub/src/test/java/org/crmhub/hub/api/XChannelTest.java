package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.util.List;
import org.crmhub.hub.HubConfig;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.connector.social.x.FakeX;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X polled against a fake X on loopback: mentions and DMs arrive once across restarts and
 * repeated polls, and replies go back as a reply tweet or a DM. (Rate limits holding the poller
 * back, and the connector contract, are tested in connectors/social.) Each test has a fresh fake (fresh ids), sharing the class's Redis.
 */
class XChannelTest extends HubTestBase {

  private FakeX fakeX;
  private HubConfig config;

  @BeforeEach
  @Override
  void deploy(Vertx vertx, VertxTestContext test) throws Exception {
    this.vertx = vertx;
    var dataDir = TestDirectories.create("x");
    FakeX.start(vertx)
        .compose(fake -> {
          fakeX = fake;
          config = TestHub.config(redis.url(), dataDir).withChannel("x", settings(fake));
          // offsets of the previous test's account must not hide this one's items
          return TestHub.deploy(vertx, config);
        })
        .onComplete(test.succeeding(deployed -> {
          hub = deployed;
          test.completeNow();
        }));
  }

  static JsonObject settings(FakeX fake) {
    return fake.pollingSettings().put("defaultRegion", "DE");
  }

  @AfterEach
  void stopFake(VertxTestContext test) {
    fakeX.stop().onComplete(test.succeedingThenComplete());
  }

  private static String userId() {
    return Long.toString(2_000_000_000L + (long) (Math.random() * 1_000_000_000L));
  }

  /** The customer of an X user once its conversations hold this many messages in all. */
  private Future<JsonObject> customerWith(String userId, int conversations, int messages) {
    return Eventually.holds(vertx, 15_000, "x:" + userId + " has " + messages + " messages",
            () -> customerOf("x:" + userId).map(c -> c != null && c.getJsonArray("conversations").size() == conversations
                && c.getJsonArray("conversations").stream()
                    .mapToInt(v -> ((JsonObject) v).getInteger("messageCount")).sum() == messages))
        .compose(v -> customerOf("x:" + userId));
  }

  private Future<Void> morePolls(int count) {
    int before = fakeX.requests().size();
    return Eventually.holds(vertx, 10_000, count + " more polls",
        () -> Future.succeededFuture(fakeX.requests().size() >= before + count));
  }

  @Test
  void mentionsAndDmsArriveOnceAcrossARestartAndRepeatedPollsAndOneUserIsOneCustomer(VertxTestContext test) {
    String alice = userId();
    String bob = userId();
    String first = fakeX.mention(alice, "alice", "@shop my parcel is late", null);
    fakeX.mention(alice, "alice", "@shop still nothing", first);
    fakeX.mention(bob, "bob", "@shop love the new app", null);
    fakeX.dm(alice, "alice", "here is my order number 1234");
    fakeX.dm(FakeX.ACCOUNT_ID, "shop", "our own earlier DM");
    fakeX.dm(bob, "bob", "one more thing");
    customerWith(alice, 2, 3)
        .compose(customer -> {
          test.verify(() -> assertEquals("@alice", customer.getString("name")));
          return customerWith(bob, 2, 2);
        })
        .compose(v -> hub.undeploy())
        .compose(v -> {
          fakeX.mention(alice, "alice", "@shop any news?", first);
          fakeX.dm(alice, "alice_renamed", "hello again");
          return TestHub.deploy(vertx, config);
        })
        .compose(restarted -> {
          hub = restarted;
          return customerWith(alice, 2, 5);
        })
        .compose(v -> morePolls(8))
        .compose(v -> customerWith(alice, 2, 5))
        .compose(v -> customerWith(bob, 2, 2))
        .onComplete(test.succeeding(v -> test.verify(() -> {
          List<FakeX.Request> mentionPolls = fakeX.requests().stream().filter(r -> r.endpoint().equals("mentions")).toList();
          assertTrue(mentionPolls.stream().skip(1).allMatch(r -> r.query().containsKey("since_id")),
              "after the first pass every poll, also after the restart, starts from the saved since_id");
          test.completeNow();
        })));
  }

  @Test
  void repliesGoBackAsAReplyTweetOrADmAndOverlongTweetsAreRefusedBeforeSending(VertxTestContext test) {
    String dave = userId();
    String hostile = "<script>alert(1)</script> \u202Efdp.exe \u200D\uD83D\uDC68\u200D\uD83D\uDC69 "
        + "\uD83D\uDE00".repeat(10_000);
    String tweetId = fakeX.mention(dave, "dave", hostile, null);
    customerWith(dave, 1, 1)
        .compose(customer -> {
          String conversationId = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          String path = "/api/v1/conversations/" + conversationId + "/replies";
          return hub.authorized(HttpMethod.POST, path).sendJsonObject(new JsonObject().put("text", "Sorry to hear that, see https://example.com/a/very/long/link/that/counts/as/twenty/three"))
              .compose(ok -> hub.authorized(HttpMethod.POST, path).sendJsonObject(new JsonObject().put("text", "z".repeat(281)))
                  .compose(tooLong -> getJson("/api/v1/conversations/" + conversationId).map(conversation -> {
                    test.verify(() -> {
                      assertEquals(201, ok.statusCode(), ok.bodyAsString());
                      assertEquals(502, tooLong.statusCode(), tooLong.bodyAsString());
                      assertTrue(tooLong.bodyAsJsonObject().getString("detail").contains("at most 280"), tooLong.bodyAsString());
                      assertEquals(1, fakeX.tweetsPosted().size(), "the overlong tweet never reached X");
                      JsonObject posted = fakeX.tweetsPosted().get(0);
                      assertEquals(tweetId, String.valueOf(posted.getJsonObject("reply").getValue("in_reply_to_tweet_id")));
                      assertTrue(fakeX.dmsSent().isEmpty());
                      JsonArray messages = conversation.getJsonArray("messages");
                      assertEquals(hostile, messages.stream().map(m -> (JsonObject) m)
                          .filter(m -> "inbound".equals(m.getString("direction"))).findFirst().orElseThrow().getString("text"));
                    });
                    return conversation;
                  })));
        })
        .compose(v -> {
          fakeX.dm(dave, "dave", "can we take this private?");
          return customerWith(dave, 2, 4);
        })
        .compose(customer -> {
          String dmConversation = customer.getJsonArray("conversations").stream().map(c -> (JsonObject) c)
              .filter(c -> c.getInteger("messageCount") == 1).findFirst().orElseThrow().getString("id");
          return hub.authorized(HttpMethod.POST, "/api/v1/conversations/" + dmConversation + "/replies")
              .sendJsonObject(new JsonObject().put("text", "Sure, what is your order number?"));
        })
        .onComplete(test.succeeding(dmReply -> test.verify(() -> {
          assertEquals(201, dmReply.statusCode(), dmReply.bodyAsString());
          assertEquals(1, fakeX.dmsSent().size());
          assertEquals(dave, fakeX.dmsSent().get(0).getString("participant"));
          assertEquals("Sure, what is your order number?", fakeX.dmsSent().get(0).getString("text"));
          assertEquals(1, fakeX.tweetsPosted().size(), "a DM is answered by DM, not in public");
          assertFalse(dmReply.bodyAsString().contains(FakeX.ACCESS_TOKEN_SECRET));
          test.completeNow();
        })));
  }
}
