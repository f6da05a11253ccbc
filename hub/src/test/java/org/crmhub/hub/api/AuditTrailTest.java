package org.crmhub.hub.api;

import static org.crmhub.hub.api.IngestApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.BlobSettings;
import org.crmhub.hub.audit.AuditTrail;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.testing.ContractSchemas;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;

/**
 * Every staff access to personal data leaves one entry in the audit trail, with who, what, whose
 * and from where, and never what the customer wrote or who they are; admins list it with filters.
 * Each test acts with an API key of its own, so its entries are told apart from the others' by actor.
 */
class AuditTrailTest extends HubTestBase {

  @Test
  void viewingACustomerAndAConversationLeavesOneEntryEachWithoutTextOrEmail(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "audited-" + tag + "@example.com";
    String text = "My secret order number is SECRET-" + tag;
    Caller caller = new Caller();
    String[] ids = new String[3];
    pushAndWait(TestHub.contact("audit-" + tag, email, text), "email:" + email)
        .compose(customer -> {
          ids[0] = customer.getString("id");
          ids[1] = customer.getJsonArray("conversations").getJsonObject(0).getString("id");
          return caller.create("read");
        })
        .compose(v -> caller.get("/api/v1/customers/" + ids[0]))
        .compose(viewed -> {
          test.verify(() -> assertEquals(200, viewed.statusCode(), viewed.bodyAsString()));
          return caller.get("/api/v1/conversations/" + ids[1]);
        })
        .compose(viewed -> {
          test.verify(() -> {
            assertEquals(200, viewed.statusCode(), viewed.bodyAsString());
            assertTrue(viewed.bodyAsString().contains(text), "the view itself shows the message");
          });
          ids[2] = viewed.getHeader("ETag");
          // the client has this version: nothing is shown, so nothing is recorded
          return caller.request(HttpMethod.GET, "/api/v1/conversations/" + ids[1]).putHeader("If-None-Match", ids[2])
              .send();
        })
        .compose(notModified -> {
          test.verify(() -> assertEquals(304, notModified.statusCode()));
          return caller.get("/api/v1/customers?identity=" + URLEncoder.encode("email:" + email, StandardCharsets.UTF_8));
        })
        .compose(found -> {
          test.verify(() -> assertEquals(1, found.bodyAsJsonObject().getJsonArray("items").size()));
          return audit("actor=" + caller.actor);
        })
        .compose(page -> {
          test.verify(() -> {
            assertEquals(200, page.statusCode(), page.bodyAsString());
            assertEquals(List.of(), ContractSchemas.componentViolations("AuditPage", page.bodyAsString()));
            JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
            assertEquals(3, items.size(), items.encodePrettily());
            assertEntry(items.getJsonObject(0), caller.actor, "customer.looked_up", "customer", ids[0], ids[0]);
            assertEntry(items.getJsonObject(1), caller.actor, "conversation.viewed", "conversation", ids[1], ids[0]);
            assertEntry(items.getJsonObject(2), caller.actor, "customer.viewed", "customer", ids[0], ids[0]);
            assertNull(page.bodyAsJsonObject().getString("nextCursor"));
            assertEquals(365, page.bodyAsJsonObject().getInteger("retentionDays"));
            assertFalse(page.bodyAsString().contains("SECRET-" + tag));
            assertFalse(page.bodyAsString().contains("audited-" + tag));
          });
          return rawStream();
        })
        .onComplete(test.succeeding(raw -> test.verify(() -> {
          assertTrue(raw.stream().anyMatch(entry -> ids[1].equals(entry.field("targetId"))), "the stream was read");
          for (StreamEntry entry : raw) {
            String stored = entry.fields().toString();
            assertFalse(stored.contains("SECRET-" + tag), stored);
            assertFalse(stored.contains("audited-" + tag), stored);
            assertFalse(stored.contains("example.com"), stored);
          }
          test.completeNow();
        })));
  }

  @Test
  void mergeAndSplitLeaveOneEntryEachNamingTheMergeAndBothCustomers(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Caller caller = new Caller();
    String[] ids = new String[3];
    pushAndWait(TestHub.contact("merge-a-" + tag, "merge-a-" + tag + "@example.com", "first"),
            "email:merge-a-" + tag + "@example.com")
        .compose(first -> {
          ids[0] = first.getString("id");
          return pushAndWait(TestHub.contact("merge-b-" + tag, "merge-b-" + tag + "@example.com", "second"),
              "email:merge-b-" + tag + "@example.com");
        })
        .compose(second -> {
          ids[1] = second.getString("id");
          return caller.create("read", "write");
        })
        .compose(v -> caller.post("/api/v1/customers/" + ids[0] + "/merge",
            new JsonObject().put("otherCustomerId", ids[1]).put("reason", "the customer said so on the phone")))
        .compose(merged -> {
          test.verify(() -> assertEquals(200, merged.statusCode(), merged.bodyAsString()));
          ids[2] = merged.bodyAsJsonObject().getJsonObject("merge").getString("id");
          return caller.post("/api/v1/customers/" + ids[0] + "/split", new JsonObject().put("mergeId", ids[2]));
        })
        .compose(split -> {
          test.verify(() -> assertEquals(200, split.statusCode(), split.bodyAsString()));
          return audit("actor=" + caller.actor);
        })
        .compose(page -> {
          test.verify(() -> {
            JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
            assertEquals(2, items.size(), items.encodePrettily());
            assertEntry(items.getJsonObject(0), caller.actor, "customer.split", "merge", ids[2], ids[0]);
            assertEquals("split off " + ids[1], items.getJsonObject(0).getString("detail"));
            assertEntry(items.getJsonObject(1), caller.actor, "customer.merged", "merge", ids[2], ids[0]);
            assertEquals("absorbed " + ids[1], items.getJsonObject(1).getString("detail"));
            assertFalse(page.bodyAsString().contains("on the phone"), "the reason is not the trail's to keep");
          });
          return audit("action=customer.merged&customerId=" + ids[0]);
        })
        .onComplete(test.succeeding(merges -> test.verify(() -> {
          JsonArray items = merges.bodyAsJsonObject().getJsonArray("items");
          assertEquals(1, items.size(), items.encodePrettily());
          assertEquals(caller.actor, items.getJsonObject(0).getString("actor"));
          test.completeNow();
        })));
  }

  @Test
  void anAttachmentDownloadLeavesOneEntry(VertxTestContext test) throws Exception {
    // a hub of this test's own, whose blob store the test can write to
    Path dataDir = TestDirectories.create("hub-audit");
    String id = "at_audit" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Buffer content = Buffer.buffer("the content of a customer's file");
    Caller caller = new Caller();
    TestHub[] own = new TestHub[1];
    Redis[] connection = new Redis[1];
    TestHub.deploy(vertx, TestHub.config(redis.url(), dataDir))
        .compose(deployed -> {
          own[0] = deployed;
          return Redis.connect(vertx, redis.url());
        })
        .compose(opened -> {
          connection[0] = opened;
          return BlobSettings.files(dataDir.resolve("attachments")).open(vertx);
        })
        .compose(blobs -> new Attachments(vertx, connection[0], blobs).put(id, "text/plain", "invoice.txt", content))
        .compose(v -> caller.create("read"))
        .compose(v -> own[0].request(HttpMethod.GET, "/api/v1/attachments/" + id).bearerTokenAuthentication(caller.key)
            .send())
        .compose(download -> {
          test.verify(() -> {
            assertEquals(200, download.statusCode(), download.bodyAsString());
            assertEquals(content, download.bodyAsBuffer());
          });
          return audit("actor=" + caller.actor);
        })
        .eventually(() -> Future.join(own[0] == null ? Future.succeededFuture() : own[0].undeploy(),
            connection[0] == null ? Future.succeededFuture() : connection[0].shutdown()))
        .onComplete(test.succeeding(page -> test.verify(() -> {
          JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
          assertEquals(1, items.size(), items.encodePrettily());
          assertEntry(items.getJsonObject(0), caller.actor, "attachment.downloaded", "attachment", id, null);
          assertFalse(page.bodyAsString().contains("invoice"), "the file's name is not the trail's to keep");
          test.completeNow();
        })));
  }

  @Test
  void pagesFollowTheCursorAndFiltersNarrow(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Caller caller = new Caller();
    String[] customer = new String[1];
    Instant[] before = new Instant[1];
    pushAndWait(TestHub.contact("pages-" + tag, "pages-" + tag + "@example.com", "hello"),
            "email:pages-" + tag + "@example.com")
        .compose(found -> {
          customer[0] = found.getString("id");
          return caller.create("read");
        })
        .compose(v -> caller.get("/api/v1/customers/" + customer[0]))
        .compose(v -> caller.get("/api/v1/customers/" + customer[0]))
        .compose(v -> {
          before[0] = Instant.now();
          return caller.get("/api/v1/customers/" + customer[0]);
        })
        .compose(v -> audit("actor=" + caller.actor + "&limit=2"))
        .compose(first -> {
          JsonObject body = first.bodyAsJsonObject();
          test.verify(() -> {
            assertEquals(2, body.getJsonArray("items").size(), body.encodePrettily());
            assertNotNull(body.getString("nextCursor"));
          });
          return audit("actor=" + caller.actor + "&limit=2&cursor=" + body.getString("nextCursor"))
              .map(second -> {
                JsonObject next = second.bodyAsJsonObject();
                test.verify(() -> {
                  assertEquals(200, second.statusCode(), second.bodyAsString());
                  assertEquals(1, next.getJsonArray("items").size(), next.encodePrettily());
                  assertNull(next.getString("nextCursor"), next.encodePrettily());
                  List<String> all = List.of(body.getJsonArray("items").getJsonObject(0).getString("id"),
                      body.getJsonArray("items").getJsonObject(1).getString("id"),
                      next.getJsonArray("items").getJsonObject(0).getString("id"));
                  assertEquals(3, all.stream().distinct().count(), "no entry twice: " + all);
                });
                return next;
              });
        })
        .compose(v -> audit("actor=" + caller.actor + "&targetId=" + customer[0] + "&action=customer.viewed"
            + "&from=" + encode(before[0].minusSeconds(3600).toString())
            + "&to=" + encode(Instant.now().plusSeconds(60).toString())))
        .compose(all -> {
          test.verify(() -> assertEquals(3, all.bodyAsJsonObject().getJsonArray("items").size()));
          return audit("actor=" + caller.actor + "&from=" + encode(Instant.now().plusSeconds(3600).toString()));
        })
        .compose(future -> {
          test.verify(() -> assertEquals(0, future.bodyAsJsonObject().getJsonArray("items").size()));
          return audit("actor=" + caller.actor + "&action=conversation.viewed");
        })
        .onComplete(test.succeeding(none -> test.verify(() -> {
          assertEquals(0, none.bodyAsJsonObject().getJsonArray("items").size());
          assertNull(none.bodyAsJsonObject().getString("nextCursor"));
          test.completeNow();
        })));
  }

  @Test
  void onlyAdminsListAndBadFiltersAreProblems(VertxTestContext test) {
    Caller agent = new Caller();
    agent.create("read", "write")
        .compose(v -> agent.get("/api/v1/audit"))
        .compose(forbidden -> {
          test.verify(() -> assertProblem(forbidden, 403));
          return Future.all(List.of(
              audit("action=customer.deleted"),
              audit("limit=201"),
              audit("limit=0"),
              audit("cursor=abc"),
              audit("from=yesterday"),
              audit("customerId=" + encode("../x")),
              audit("from=" + encode("2026-12-02T00:00:00Z") + "&to=" + encode("2026-12-01T00:00:00Z"))));
        })
        .onComplete(test.succeeding(all -> test.verify(() -> {
          for (int i = 0; i < all.size(); i++) {
            HttpResponse<Buffer> response = all.resultAt(i);
            assertProblem(response, 400);
            assertNotNull(response.bodyAsJsonObject().getJsonArray("errors"), response.bodyAsString());
          }
          test.completeNow();
        })));
  }

  @Test
  void aViewTheTrailCannotRecordIsNotAnswered(VertxTestContext test) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "unrecorded-" + tag + "@example.com";
    Redis[] connection = new Redis[1];
    String[] customer = new String[1];
    pushAndWait(TestHub.contact("unrecorded-" + tag, email, "Please keep this to yourselves"), "email:" + email)
        .compose(found -> {
          customer[0] = found.getString("id");
          return Redis.connect(vertx, redis.url());
        })
        // a trail Redis refuses to append to: the key holds a value of another type (this class's
        // other tests pick out their own entries, and their own only, so losing them here is harmless)
        .compose(opened -> {
          connection[0] = opened;
          return opened.call(c -> c.set(AuditTrail.STREAM, "not a stream"));
        })
        .compose(v -> Future.all(hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customer[0]).send(),
            hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customer[0] + "x").send()))
        .compose(both -> {
          HttpResponse<Buffer> unaudited = both.resultAt(0);
          HttpResponse<Buffer> missing = both.resultAt(1);
          test.verify(() -> {
            assertProblem(unaudited, 503);
            assertFalse(unaudited.bodyAsString().contains("unrecorded-" + tag), unaudited.bodyAsString());
            assertTrue(unaudited.bodyAsJsonObject().getString("detail").contains("audit trail"));
            assertProblem(missing, 404);
          });
          return connection[0].call(c -> c.del(AuditTrail.STREAM));
        })
        .eventually(() -> connection[0] == null ? Future.succeededFuture() : connection[0].shutdown())
        .compose(v -> hub.authorized(HttpMethod.GET, "/api/v1/customers/" + customer[0]).send())
        .onComplete(test.succeeding(again -> test.verify(() -> {
          assertEquals(200, again.statusCode(), again.bodyAsString());
          test.completeNow();
        })));
  }

  private static void assertEntry(JsonObject entry, String actor, String action, String targetType, String targetId,
      String customerId) {
    assertEquals(actor, entry.getString("actor"), entry.encode());
    assertEquals(action, entry.getString("action"), entry.encode());
    assertEquals(targetType, entry.getString("targetType"), entry.encode());
    assertEquals(targetId, entry.getString("targetId"), entry.encode());
    assertEquals(customerId, entry.getString("customerId"), entry.encode());
    assertEquals("127.0.0.1", entry.getString("clientAddress"), entry.encode());
    Instant at = Instant.parse(entry.getString("at"));
    assertTrue(at.isAfter(Instant.now().minusSeconds(120)) && !at.isAfter(Instant.now().plusSeconds(5)), at::toString);
  }

  private Future<HttpResponse<Buffer>> audit(String query) {
    return hub.authorized(HttpMethod.GET, "/api/v1/audit?" + query).send();
  }

  private Future<List<StreamEntry>> rawStream() {
    return Redis.connect(vertx, redis.url()).compose(connection -> Streams.oldest(connection, AuditTrail.STREAM, 100_000)
        .eventually(connection::shutdown));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** An API key of the test's own, so its entries can be picked out by actor. */
  private final class Caller {
    String key;
    String actor;

    Future<Void> create(String... scopes) {
      return hub.authorized(HttpMethod.POST, "/api/v1/api-keys")
          .sendJsonObject(new JsonObject().put("name", "audited caller").put("scopes", new JsonArray(List.of(scopes))))
          .map(created -> {
            key = created.bodyAsJsonObject().getString("key");
            actor = "api-key:" + created.bodyAsJsonObject().getString("id");
            return null;
          });
    }

    io.vertx.ext.web.client.HttpRequest<Buffer> request(HttpMethod method, String path) {
      return hub.request(method, path).bearerTokenAuthentication(key);
    }

    Future<HttpResponse<Buffer>> get(String path) {
      return request(HttpMethod.GET, path).send();
    }

    Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
      return request(HttpMethod.POST, path).sendJsonObject(body);
    }
  }
}
