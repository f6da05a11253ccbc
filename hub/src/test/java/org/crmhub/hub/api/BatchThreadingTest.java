package org.crmhub.hub.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Threading must not depend on how contacts are batched: related contacts waiting in the stream
 * together (an email backlog read at once) are processed concurrently, in a shuffled order, and
 * still end in one conversation per thread. Several customers (runs) share one batch.
 */
class BatchThreadingTest extends HubTestBase {

  private static final int RUNS = 6;
  private static final long WINDOW_SECONDS = 72 * 3600;

  @Test
  void sameSubjectMailsOfOneCustomerInOneBatchShareOneConversation(VertxTestContext test) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<JsonObject> contacts = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      String email = "same-subject-" + tag + "-" + run + "@example.com";
      customers.add(email);
      for (int mail = 0; mail < 4; mail++) {
        contacts.add(mail(email, "m" + run + "-" + mail + "-" + tag, List.of(), "Order 1234 is late"));
      }
    }
    processAsOneBatch(test, contacts, customers, 4);
  }

  @Test
  void aReplyChainInOneBatchSharesOneConversation(VertxTestContext test) throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<JsonObject> contacts = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      String email = "chain-" + tag + "-" + run + "@example.com";
      customers.add(email);
      String a = "a" + run + "-" + tag;
      String b = "b" + run + "-" + tag;
      String c = "c" + run + "-" + tag;
      // the topic differs, so only the references can tie the chain together
      contacts.add(mail(email, a, List.of(), "first " + run));
      contacts.add(mail(email, b, List.of(a), "second " + run));
      contacts.add(mail(email, c, List.of(b, a), "third " + run));
    }
    processAsOneBatch(test, contacts, customers, 3);
  }

  /** A mail as the email connector hands it over: its refs newest first, its subject's topic. */
  private static JsonObject mail(String email, String messageId, List<String> refs, String topic) {
    JsonObject hints = new JsonObject().put("refs", new JsonArray(refs)).put("topic", topic)
        .put("topicWindowSeconds", WINDOW_SECONDS);
    return TestHub.contact(messageId, email, "text of " + messageId)
        .put("threadKey", messageId)
        .put("subject", topic)
        .put("metadata", new JsonObject().put("thread", hints));
  }

  /**
   * Accepts every contact on a hub that does not consume, then starts one that does: it reads them
   * as one batch. Each customer must end with one conversation of {@code perCustomer} messages.
   */
  private void processAsOneBatch(VertxTestContext test, List<JsonObject> contacts, List<String> customers,
      int perCustomer) throws Exception {
    Collections.shuffle(contacts, new Random(18));
    java.nio.file.Path dir = TestDirectories.create("batch-threading");
    List<String> seen = new ArrayList<>();
    hub.undeploy()
        .compose(v -> TestHub.deploy(vertx, TestHub.config(redis.url(), dir).withConsumeIngest(false)))
        .compose(acceptOnly -> {
          hub = acceptOnly;
          List<Future<HttpResponse<Buffer>>> pushed = new ArrayList<>();
          contacts.forEach(contact -> pushed.add(push(contact)));
          return Future.all(pushed).compose(v -> acceptOnly.undeploy());
        })
        .compose(v -> TestHub.deploy(vertx, TestHub.config(redis.url(), dir)))
        .compose(consuming -> {
          hub = consuming;
          return Eventually.holds(vertx, 20_000, "every contact is filed", () -> filed(customers, seen)
              .map(total -> total == contacts.size()));
        })
        .onComplete(test.succeeding(v -> test.verify(() -> {
          for (String conversations : seen) {
            assertEquals(1, new JsonArray(conversations).size(), "one conversation per customer: " + conversations);
            assertEquals(perCustomer, new JsonArray(conversations).getJsonObject(0).getInteger("messageCount"));
          }
          test.completeNow();
        })));
  }

  /** Messages filed over all the customers; {@code seen} gets each customer's conversations. */
  private Future<Integer> filed(List<String> customers, List<String> seen) {
    List<Future<JsonObject>> found = customers.stream().map(email -> customerOf("email:" + email)).toList();
    return Future.all(found).map(all -> {
      seen.clear();
      int total = 0;
      for (Future<JsonObject> customer : found) {
        if (customer.result() == null) {
          continue;
        }
        JsonArray conversations = customer.result().getJsonArray("conversations");
        seen.add(conversations.encode());
        total += conversations.stream().mapToInt(c -> ((JsonObject) c).getInteger("messageCount")).sum();
      }
      return total;
    });
  }
}
