package org.crmhub.hub.email;

import static org.crmhub.hub.email.EmailChannelTest.blocking;
import static org.crmhub.hub.email.EmailChannelTest.conversation;
import static org.crmhub.hub.email.EmailChannelTest.conversationsWith;
import static org.crmhub.hub.email.EmailChannelTest.customer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crmhub.connector.email.HostileMail;
import org.crmhub.hub.redis.KeyScan;
import org.crmhub.hub.attachment.LegacyAttachmentMigration;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment content lives in the blob store, not in Redis: a mailed megabyte leaves a record of a
 * few hundred bytes in Redis, is downloaded whole or by byte range, and attachments a hub stored in
 * Redis before are moved out when a hub starts.
 */
@ExtendWith({VertxExtension.class, EmailServersPerClass.class})
class AttachmentBlobsTest {

  private static final Logger LOG = LoggerFactory.getLogger(AttachmentBlobsTest.class);
  private static final int MEGABYTE = 1024 * 1024;

  /** The attachment HostileMail.withAttachment sends. */
  private static Buffer attached(int size) {
    byte[] content = new byte[size];
    for (int i = 0; i < size; i++) {
      content[i] = (byte) (i * 31);
    }
    return Buffer.buffer(content);
  }

  private static Future<HttpResponse<Buffer>> download(TestHub hub, String url, Map<String, String> headers) {
    var request = hub.authorized(HttpMethod.GET, url);
    headers.forEach(request::putHeader);
    return request.send();
  }

  /** Every key's MEMORY USAGE in this Redis (each key once, as SCAN may repeat one). */
  private static Future<Map<String, Long>> memoryByKey(Redis redis) {
    Map<String, Long> sizes = new java.util.HashMap<>();
    return scanAll(new KeyScan(redis, "*", 500), redis, sizes, 0).map(sizes);
  }

  private static Future<Void> scanAll(KeyScan scan, Redis redis, Map<String, Long> sizes, int batches) {
    if (scan.finished() || batches > 10_000) {
      return Future.succeededFuture();
    }
    return scan.next()
        .compose(keys -> Future.all(keys.stream().map(key -> redis.call(c -> c.memoryUsage(key))
            .onSuccess(bytes -> sizes.put(key, bytes == null ? 0 : bytes))).toList()))
        .compose(v -> scanAll(scan, redis, sizes, batches + 1));
  }

  @Test
  void aMailedMegabyteLeavesOnlyItsRecordInRedisAndIsServedWholeOrByRange(Vertx vertx, VertxTestContext test)
      throws Exception {
    String support = EmailChannelTest.mail.newMailbox("blobs");
    String sender = customer("big");
    Buffer expected = attached(MEGABYTE);
    JsonObject state = new JsonObject();
    List<HttpResponse<Buffer>> answers = new ArrayList<>();
    TestHub.deploy(vertx, EmailChannelTest.config(EmailChannelTest.mail.emailSection(support, new JsonObject())))
        .compose(hub -> blocking(vertx, () -> {
              EmailChannelTest.mail.deliverRaw(support, HostileMail.withAttachment(sender, UUID.randomUUID() + "@big.example", MEGABYTE));
              return null;
            })
            .compose(v -> conversationsWith(vertx, hub, sender, 1))
            .compose(conversations -> conversation(hub, conversations.getJsonObject(0).getString("id")))
            .compose(conversation -> {
              JsonObject attachment = conversation.getJsonArray("messages").getJsonObject(0)
                  .getJsonObject("metadata").getJsonArray("attachments").getJsonObject(0);
              state.put("id", attachment.getString("id"));
              String url = attachment.getString("url");
              return Future.all(List.of(
                  download(hub, url, Map.of()),
                  download(hub, url, Map.of("Range", "bytes=1000-1999")),
                  download(hub, url, Map.of("Range", "bytes=-100")),
                  download(hub, url, Map.of("Range", "bytes=1048000-")),
                  download(hub, url, Map.of("Range", "bytes=" + MEGABYTE + "-")),
                  download(hub, url, Map.of("Range", "bytes=0-1,5-6")),
                  download(hub, url, Map.of("Range", "bytes=0-9", "If-Range", "\"another-version\""))));
            })
            .compose(responses -> {
              for (int i = 0; i < responses.size(); i++) {
                answers.add(responses.resultAt(i));
              }
              return Redis.connect(vertx, EmailChannelTest.redis.url());
            })
            .compose(redis -> memoryByKey(redis).eventually(redis::shutdown))
            .compose(memory -> {
              test.verify(() -> {
                HttpResponse<Buffer> whole = answers.get(0);
                assertEquals(200, whole.statusCode());
                assertEquals(expected, whole.body());
                assertEquals("bytes", whole.getHeader("Accept-Ranges"));
                assertTrue(whole.getHeader("Content-Disposition").startsWith("attachment;"));
                assertEquals("nosniff", whole.getHeader("X-Content-Type-Options"));
                assertTrue(whole.getHeader("Content-Security-Policy").contains("sandbox"));
                String etag = whole.getHeader("ETag");
                assertTrue(etag.matches("\"[0-9a-f]{64}\""), etag);

                HttpResponse<Buffer> middle = answers.get(1);
                assertEquals(206, middle.statusCode());
                assertEquals("bytes 1000-1999/" + MEGABYTE, middle.getHeader("Content-Range"));
                assertEquals("1000", middle.getHeader("Content-Length"));
                assertEquals(expected.slice(1000, 2000), middle.body());
                assertTrue(middle.getHeader("Content-Disposition").startsWith("attachment;"), "a part is a download too");
                assertEquals("nosniff", middle.getHeader("X-Content-Type-Options"));
                assertTrue(middle.getHeader("Content-Security-Policy").contains("sandbox"));

                assertEquals(206, answers.get(2).statusCode());
                assertEquals("bytes " + (MEGABYTE - 100) + "-" + (MEGABYTE - 1) + "/" + MEGABYTE,
                    answers.get(2).getHeader("Content-Range"));
                assertEquals(expected.slice(MEGABYTE - 100, MEGABYTE), answers.get(2).body());

                assertEquals(206, answers.get(3).statusCode());
                assertEquals(expected.slice(1_048_000, MEGABYTE), answers.get(3).body());

                HttpResponse<Buffer> pastTheEnd = answers.get(4);
                assertEquals(416, pastTheEnd.statusCode());
                assertEquals("bytes */" + MEGABYTE, pastTheEnd.getHeader("Content-Range"));
                assertTrue(pastTheEnd.getHeader("Content-Type").startsWith("application/problem+json"));

                assertEquals(200, answers.get(5).statusCode(), "several ranges: the whole");
                assertEquals(expected, answers.get(5).body());
                assertEquals(200, answers.get(6).statusCode(), "If-Range of another version: the whole");
                assertEquals(expected, answers.get(6).body());

                long record = memory.get("crm:attachment:" + state.getString("id"));
                LOG.info("Redis MEMORY USAGE of the record of a 1 MiB attachment: {} bytes; largest key: {}", record,
                    memory.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow());
                assertTrue(record < 2048, "the record takes " + record + " bytes");
                memory.forEach((key, bytes) -> assertTrue(bytes < 256 * 1024,
                    key + " takes " + bytes + " bytes: attachment content in Redis?"));
              });
              return hub.undeploy();
            }))
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void attachmentsAHubKeptInRedisAreMovedToTheBlobStoreWhenAHubStarts(Vertx vertx, VertxTestContext test)
      throws Exception {
    String id = "at_legacy_" + UUID.randomUUID().toString().replace("-", "");
    Buffer content = attached(300_000);
    Path dataDir = TestDirectories.create("legacy");
    Map<String, String> oldRecord = Map.of("contentType", "application/zip", "filename", "old.zip",
        "size", Integer.toString(content.length()), "content", Base64.getEncoder().encodeToString(content.getBytes()));
    // hubs started earlier on this Redis marked the move done; a Redis from before blobs has no marker
    Redis.connect(vertx, EmailChannelTest.redis.url()).compose(redis -> redis.call(c -> c.del(LegacyAttachmentMigration.MOVED))
        .compose(v -> redis.call(c -> c.hset("crm:attachment:" + id, oldRecord)))
        .compose(v -> TestHub.deploy(vertx, TestHub.config(EmailChannelTest.redis.url(), dataDir)))
        .compose(hub -> Eventually.holds(vertx, 10_000, "the content left Redis",
                () -> redis.call(c -> c.hexists("crm:attachment:" + id, "content")).map(still -> !still))
            .compose(v -> Future.all(download(hub, "/api/v1/attachments/" + id, Map.of()),
                redis.call(c -> c.hgetall("crm:attachment:" + id))))
            .compose(after -> {
              HttpResponse<Buffer> served = after.resultAt(0);
              Map<String, String> record = after.resultAt(1);
              test.verify(() -> {
                assertEquals(200, served.statusCode());
                assertEquals(content, served.body());
                assertEquals("application/zip", served.getHeader("Content-Type"));
                String digest = record.get("sha256");
                assertEquals("files", record.get("store"));
                assertTrue(Files.isRegularFile(dataDir.resolve("attachments").resolve(digest.substring(0, 2)).resolve(digest)),
                    "the blob is under CRMHUB_DATA_DIR/attachments");
              });
              return hub.undeploy();
            }))
        .eventually(redis::shutdown))
        .onComplete(test.succeedingThenComplete());
  }
}
