package org.crmhub.hub.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.crmhub.hub.InProcessPortal;
import org.crmhub.hub.api.HubTestBase;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.portal.PortalVerticle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal's pages over plain HTTP (no browser), beside a test hub. In this package, so not in
 * the Redis Cluster run (like the browser test): it tests pages, not Redis.
 */
class PortalPagesTest extends HubTestBase {

  private static final String PASSWORD = "correct horse battery";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private WebClient web;
  private PortalVerticle portal;

  /** A visitor's session cookie and the CSRF token of its forms. */
  private record Visit(String cookie, String csrf) {}

  /** Runs after the base class deployed the hub. */
  @BeforeEach
  void startPortal(VertxTestContext test) {
    InProcessPortal.deploy(vertx, hub.hub(), TestHub.config(redis.url(), Path.of(".")),
            Map.of("PORTAL_PORT", "0", "PORTAL_HOST", "127.0.0.1"), (to, subject, text) -> Future.succeededFuture())
        .onComplete(test.succeeding(deployed -> {
          portal = deployed;
          web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(deployed.port()).setFollowRedirects(false));
          test.completeNow();
        }));
  }

  /** The portal goes with this test's Vert.x instance. */
  @AfterEach
  void closeClient() {
    web.close();
  }

  private Future<String> verifiedAccount() {
    String email = "visitor-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    return hub.hub().portalApiKey().compose(key -> hub.request(HttpMethod.POST, "/api/v1/portal/accounts")
            .bearerTokenAuthentication(key).sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD))
            .compose(created -> hub.request(HttpMethod.POST, "/api/v1/portal/verifications").bearerTokenAuthentication(key)
                .sendJsonObject(new JsonObject().put("token", created.bodyAsJsonObject().getString("token"))
                    .put("password", PASSWORD))))
        .map(verified -> email);
  }

  private Future<Visit> visit(String path, String cookie) {
    var request = web.get(path);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    return request.send().map(page -> {
      String setCookie = page.cookies().stream().filter(c -> c.startsWith("portal_session=")).findFirst().orElse(null);
      Matcher csrf = CSRF.matcher(page.bodyAsString());
      assertTrue(csrf.find(), page.bodyAsString());
      return new Visit(setCookie != null ? setCookie.split(";", 2)[0] : cookie, csrf.group(1));
    });
  }

  private Future<HttpResponse<Buffer>> signIn(Visit visit, String email, String password) {
    return web.post("/sign-in").putHeader("Cookie", visit.cookie()).sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("csrf", visit.csrf()).add("email", email).add("password", password));
  }

  /** The search page shows the customer's own messages found, the words marked, their text escaped; never another's. */
  @Test
  void stoppingThePortalRemovesItsUploadsFolder(VertxTestContext test) {
    Path uploads = portal.uploadsFolder();
    assertTrue(java.nio.file.Files.isDirectory(uploads), "the folder exists while the portal runs");
    vertx.undeploy(portal.deploymentID()).onComplete(test.succeeding(stopped -> test.verify(() -> {
      assertFalse(java.nio.file.Files.exists(uploads), "every start would leave one more empty folder behind");
      test.completeNow();
    })));
  }

  @Test
  void theSearchPageMarksTheWordsFoundInTheCustomersOwnMessagesOnly() {
    String word = "pp" + Long.toString(System.nanoTime(), 36);
    String email = verifiedAccount().await();
    String other = "other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    for (JsonObject contact : List.of(
        TestHub.contact("pp-own-" + word, email, "<script>alert(1)</script> my " + word + " is <b>late</b>"),
        TestHub.contact("pp-other-" + word, other, "someone else's " + word + " secret"))) {
      assertEquals(202, hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts").sendJsonObject(contact).await()
          .statusCode());
    }
    Eventually.holds(vertx, 10_000, "both are searchable", () -> hub.authorized(HttpMethod.GET, "/api/v1/search?q=" + word)
        .send().map(found -> found.bodyAsJsonObject().getJsonArray("items").size() == 2)).await();
    HttpResponse<Buffer> signedIn = visit("/sign-in", null).compose(visit -> signIn(visit, email, PASSWORD)).await();
    assertEquals(303, signedIn.statusCode(), signedIn.bodyAsString());
    String cookie = signedIn.cookies().stream().filter(c -> c.startsWith("portal_session=")).findFirst()
        .orElseThrow().split(";", 2)[0];

    HttpResponse<Buffer> page = web.get("/search?q=" + word).putHeader("Cookie", cookie).send().await();
    String html = page.bodyAsString();
    assertEquals(200, page.statusCode(), html);
    assertTrue(html.contains("<mark>" + word + "</mark>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertFalse(html.contains("<script>") || html.contains("<b>late"), html);
    assertFalse(html.contains("secret"), "another customer's message: " + html);
    assertTrue(html.contains("1 message found"), html);

    HttpResponse<Buffer> nothing = web.get("/search?q=-" + word).putHeader("Cookie", cookie).send().await();
    assertEquals(400, nothing.statusCode(), nothing.bodyAsString());
    assertTrue(nothing.bodyAsString().contains("Type at least one word"), nothing.bodyAsString());
    HttpResponse<Buffer> signedOut = web.get("/search?q=" + word).send().await();
    assertEquals(303, signedOut.statusCode(), "signed-out visitors are sent to sign in");
  }

  /** Counted before judged, in the portal and in the hub: of 40 parallel wrong passwords at most 10 are judged. */
  @Test
  void parallelWrongPasswordsAreJudgedAtMostTheLimitTimes(VertxTestContext test) {
    String[] email = new String[1];
    verifiedAccount()
        .compose(created -> {
          email[0] = created;
          return visit("/sign-in", null);
        })
        .compose(visit -> Future.all(IntStream.range(0, 40).mapToObj(i -> signIn(visit, email[0], "wrong " + i)).toList()))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          List<HttpResponse<Buffer>> answers = all.list();
          long judged = answers.stream().filter(r -> r.statusCode() == 401).count();
          long limited = answers.stream().filter(r -> r.statusCode() == 429).count();
          assertTrue(judged >= 1 && judged <= 10, "judged " + judged);
          assertEquals(40, judged + limited, "every other attempt is refused unjudged");
          test.completeNow();
        })));
  }

  /** A 300 KB file is refused with the form again: the typed text kept, a clear message, still signed in. */
  @Test
  void aTooLargeAttachmentShowsTheFormAgainWithTheTextKept(VertxTestContext test) {
    String text = "My printer <b>prints</b> only blank pages since Monday.";
    verifiedAccount()
        .compose(email -> visit("/sign-in", null).compose(visit -> signIn(visit, email, PASSWORD)))
        .compose(signedIn -> {
          test.verify(() -> assertEquals(303, signedIn.statusCode(), signedIn.bodyAsString()));
          String cookie = signedIn.cookies().stream().filter(c -> c.startsWith("portal_session=")).findFirst()
              .orElseThrow().split(";", 2)[0];
          return visit("/requests/new", cookie);
        })
        .compose(visit -> {
          Buffer png = Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
              .appendBuffer(Buffer.buffer(new byte[300 * 1024]));
          return web.post("/requests").putHeader("Cookie", visit.cookie()).sendMultipartForm(MultipartForm.create()
              .attribute("csrf", visit.csrf()).attribute("subject", "Printer").attribute("text", text)
              .binaryFileUpload("attachment", "scan.png", png, "image/png"));
        })
        .onComplete(test.succeeding(answer -> test.verify(() -> {
          String page = answer.bodyAsString();
          assertEquals(413, answer.statusCode(), page);
          assertTrue(page.contains("larger than 256 KB"), page);
          assertTrue(page.contains("My printer &lt;b&gt;prints&lt;/b&gt; only blank pages since Monday."), page);
          assertTrue(page.contains("action=\"/sign-out\""), "still shown as signed in: " + page);
          test.completeNow();
        })));
  }

  private static final Pattern CONVERSATION_LINK = Pattern.compile("href=\"(/conversations/[A-Za-z0-9_-]+)\"");
  private static final Pattern ATTACHMENT_LINK = Pattern.compile("href=\"(/conversations/[A-Za-z0-9_-]+/attachments/[A-Za-z0-9_-]+)\"");

  /** Signs a new customer in; the session cookie. */
  private Future<String> signedInVisitor() {
    return verifiedAccount()
        .compose(email -> visit("/sign-in", null).compose(visit -> signIn(visit, email, PASSWORD)))
        .map(signedIn -> signedIn.cookies().stream().filter(c -> c.startsWith("portal_session=")).findFirst()
            .orElseThrow().split(";", 2)[0]);
  }

  private Future<HttpResponse<Buffer>> download(String path, String cookie, String range) {
    var request = web.get(path).putHeader("Cookie", cookie);
    return (range == null ? request : request.putHeader("Range", range)).send();
  }

  /** The file a customer attached comes back through the portal as the hub streams it, a range too, to them alone. */
  @Test
  void anAttachmentIsDownloadedWholeOrByRangeAndOnlyByItsCustomer(VertxTestContext test) {
    Buffer png = Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})
        .appendString("pixels and more pixels");
    String[] found = new String[2]; // the owner's cookie, the attachment link
    signedInVisitor()
        .compose(cookie -> {
          found[0] = cookie;
          return visit("/requests/new", cookie);
        })
        .compose(visit -> web.post("/requests").putHeader("Cookie", visit.cookie()).sendMultipartForm(MultipartForm.create()
            .attribute("csrf", visit.csrf()).attribute("subject", "Screen").attribute("text", "See the picture.")
            .binaryFileUpload("attachment", "screen.png", png, "image/png")))
        .compose(sent -> {
          test.verify(() -> assertEquals(303, sent.statusCode(), sent.bodyAsString()));
          // filed in the background: the link shows once the message is in the conversation
          return org.crmhub.hub.testing.Eventually.holds(vertx, 15_000, "the attachment is listed", () ->
              web.get("/conversations").putHeader("Cookie", found[0]).send().compose(list -> {
                Matcher conversation = CONVERSATION_LINK.matcher(list.bodyAsString());
                return !conversation.find() ? Future.succeededFuture(false)
                    : web.get(conversation.group(1)).putHeader("Cookie", found[0]).send().map(page -> {
                      Matcher attachment = ATTACHMENT_LINK.matcher(page.bodyAsString());
                      found[1] = attachment.find() ? attachment.group(1) : null;
                      return found[1] != null;
                    });
              }));
        })
        .compose(listed -> Future.all(download(found[1], found[0], null), download(found[1], found[0], "bytes=-6"),
            signedInVisitor().compose(stranger -> download(found[1], stranger, null))))
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          HttpResponse<Buffer> whole = answers.resultAt(0);
          HttpResponse<Buffer> tail = answers.resultAt(1);
          HttpResponse<Buffer> stranger = answers.resultAt(2);
          assertEquals(200, whole.statusCode(), whole.bodyAsString());
          assertEquals(png, whole.body());
          assertEquals("image/png", whole.getHeader("Content-Type"));
          assertTrue(whole.getHeader("Content-Disposition").startsWith("attachment; filename=\"screen.png\""));
          assertEquals("nosniff", whole.getHeader("X-Content-Type-Options"));
          assertTrue(whole.getHeader("Content-Security-Policy").startsWith("sandbox"), whole.getHeader("Content-Security-Policy"));
          assertEquals("bytes", whole.getHeader("Accept-Ranges"));
          assertEquals(206, tail.statusCode(), tail.bodyAsString());
          assertEquals("bytes " + (png.length() - 6) + "-" + (png.length() - 1) + "/" + png.length(), tail.getHeader("Content-Range"));
          assertEquals(png.slice(png.length() - 6, png.length()), tail.body());
          assertEquals(404, stranger.statusCode(), "another customer's file is not found");
          test.completeNow();
        })));
  }
}
