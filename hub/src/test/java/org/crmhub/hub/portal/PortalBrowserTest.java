package org.crmhub.hub.portal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crmhub.hub.InProcessPortal;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestDirectories;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.crmhub.portal.Mailer;
import org.crmhub.portal.PortalVerticle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The portal in headless Chromium, against a hub and the portal it starts in-process on loopback
 * (embedded Redis, port 0), one browser for the class, a phone-sized window. Mails are captured.
 */
class PortalBrowserTest {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final String PASSWORD = "a long enough password";
  private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/\\S+)");

  private static TestRedis redis;
  private static Vertx vertx;
  private static TestHub hub;
  private static PortalVerticle portal;
  private static Playwright playwright;
  private static Browser browser;
  private static final ConcurrentLinkedQueue<String[]> MAILS = new ConcurrentLinkedQueue<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BrowserContext context;
  private Page page;

  /** A Vert.x future's result on the test thread (the browser API blocks, so tests run off the event loop). */
  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium); skipping browser tests");
    redis = TestRedis.start();
    vertx = Vertx.vertx();
    hub = await(TestHub.deploy(vertx, TestHub.config(redis.url(), TestDirectories.create("hub"))));
    Mailer capture = (to, subject, text) -> {
      MAILS.add(new String[] {to, subject, text});
      return Future.succeededFuture();
    };
    portal = await(InProcessPortal.deploy(vertx, hub.hub(), TestHub.config(redis.url(), Path.of(".")),
        Map.of("PORTAL_PORT", "0", "PORTAL_HOST", "127.0.0.1"), capture));
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (vertx != null) {
      await(vertx.close());
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void openContext() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
    context.setDefaultTimeout(10_000);
    page = context.newPage();
  }

  @AfterEach
  void closeContext() {
    if (context != null) {
      context.close();
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + portal.port();
  }

  private static String uniqueEmail(String who) {
    return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  /** The path and query of the newest link mailed to the address. */
  private static String mailedLink(String email) {
    String[] mail = MAILS.stream().filter(m -> m[0].equalsIgnoreCase(email)).reduce((a, b) -> b).orElseThrow(
        () -> new AssertionError("no mail to " + email));
    Matcher link = LINK.matcher(mail[2]);
    assertTrue(link.find(), mail[2]);
    return link.group(1);
  }

  private static JsonObject hubCall(String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TestHub.API_KEY)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
    return new JsonObject(response.body());
  }

  /** Polls the hub on Vert.x timers until the condition holds (bounded), from the test thread. */
  private static void eventually(String what, Supplier<Boolean> condition) throws Exception {
    await(Eventually.holds(vertx, 10_000, what, () -> vertx.executeBlocking(condition::get)));
  }

  private static JsonObject customerByEmail(String email) {
    try {
      JsonArray items = hubCall("GET", "/api/v1/customers?identity=email:" + email, null).getJsonArray("items");
      return items.isEmpty() ? null : items.getJsonObject(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject staffConversation(String id) {
    try {
      return hubCall("GET", "/api/v1/conversations/" + id, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void signUpAndConfirm(String email) {
    page.navigate(base() + "/sign-up");
    page.getByLabel("Your name (optional)").fill("Pat Example");
    page.getByLabel("Email").fill(email);
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Create account")).click();
    assertThat(page.locator("h1")).hasText("Check your email");
    page.navigate(base() + mailedLink(email));
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Confirm")).click();
    assertThat(page.locator(".notice")).containsText("confirmed");
  }

  private void signIn(String email, String password) {
    page.navigate(base() + "/sign-in");
    page.getByLabel("Email").fill(email);
    page.getByLabel("Password").fill(password);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Sign in")).click();
  }

  private String csrfOnPage() {
    return page.locator("input[name=csrf]").first().getAttribute("value");
  }

  @Test
  void everyPageHasAFaviconAndNothingIsMissing() throws Exception {
    List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onResponse(response -> {
      if (response.status() >= 400) {
        failed.add(response.status() + " " + response.url());
      }
    });
    for (String path : List.of("/sign-in", "/sign-up")) {
      page.navigate(base() + path);
      String icon = page.locator("link[rel=icon]").getAttribute("href");
      var fetched = page.request().get(base() + icon);
      assertEquals(200, fetched.status(), path);
      assertEquals("image/svg+xml", fetched.headers().get("content-type"));
      assertTrue(fetched.text().startsWith("<svg"), fetched.text());
    }
    assertEquals(200, page.request().get(base() + "/favicon.ico").status(), "a browser asking the old way gets the icon too");
    assertTrue(failed.isEmpty(), "failed loads: " + failed);
  }

  @Test
  void signUpConfirmSignInOpenARequestSeeTheStaffReplyAndAnswer() throws Exception {
    String email = uniqueEmail("pat");
    // the customer wrote by email before they had an account
    hubCall("POST", "/api/v1/inbound/contacts", new JsonObject().put("channel", "email")
        .put("externalId", UUID.randomUUID().toString()).put("from", new JsonObject().put("email", email))
        .put("subject", "Earlier question").put("text", "Hello from my mailbox"));
    eventually("the email customer exists", () -> customerByEmail(email) != null);
    String customerId = customerByEmail(email).getString("id");

    AtomicBoolean dialogOpened = new AtomicBoolean();
    page.onDialog(dialog -> {
      dialogOpened.set(true);
      dialog.dismiss();
    });
    signUpAndConfirm(email);
    assertThat(page.locator("main")).containsText("Earlier question");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Sign out")).click();
    signIn(email, PASSWORD);
    assertThat(page.locator("h1")).hasText("My requests");

    String subject = "<script>alert('x')</script> Printer <b>jammed</b>";
    page.navigate(base() + "/requests/new");
    page.getByLabel("Subject").fill(subject);
    page.getByLabel("How can we help?").fill("It shows error E42.\nPlease help.");
    page.getByLabel("Attachment (optional)").setInputFiles(new FilePayload("photo.png", "image/png",
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3}));
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Send request")).click();
    assertThat(page.locator(".notice")).containsText("received your request");

    // staff see it in the inbox on channel portal, linked to the customer found by email
    eventually("the request reaches the customer", () -> customerByEmail(email).getJsonArray("conversations")
        .stream().map(JsonObject.class::cast).anyMatch(c -> "portal".equals(c.getString("channel"))));
    JsonObject request = customerByEmail(email).getJsonArray("conversations").stream().map(JsonObject.class::cast)
        .filter(c -> "portal".equals(c.getString("channel"))).findFirst().orElseThrow();
    assertEquals(customerId, customerByEmail(email).getString("id"));
    JsonObject inbox = hubCall("GET", "/api/v1/conversations?channel=portal&customerId=" + customerId, null);
    assertEquals(request.getString("id"), inbox.getJsonArray("items").getJsonObject(0).getString("id"));

    page.navigate(base() + "/conversations/" + request.getString("id"));
    assertThat(page.locator("h1")).hasText(subject);
    assertEquals(0, page.locator("main b").count(), "customer markup is not rendered");
    assertThat(page.locator(".attachment a")).hasText("photo.png");

    hubCall("POST", "/api/v1/conversations/" + request.getString("id") + "/replies",
        new JsonObject().put("text", "Please try turning it <i>off</i> and on.").put("channel", "portal"));
    page.reload();
    assertThat(page.locator("li.staff .text")).hasText("Please try turning it <i>off</i> and on.");

    page.getByLabel("Your reply").fill("That worked, thanks!");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Send reply")).click();
    eventually("the answer is filed", () -> staffConversation(request.getString("id"))
        .getJsonArray("messages").size() == 3);
    page.reload();
    assertThat(page.locator("li.customer .text").last()).hasText("That worked, thanks!");

    // search: their own message found, the word marked, the page accessible, the result opens at the message
    eventually("the request is searchable", () -> {
      try {
        return !hubCall("GET", "/api/v1/search?q=E42&customerId=" + customerId, null).getJsonArray("items").isEmpty();
      } catch (Exception e) {
        return false;
      }
    });
    page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Search")).click();
    page.getByLabel("Words to look for").fill("e42");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    assertThat(page.locator(".results-title")).hasText("1 message found");
    assertThat(page.locator(".results mark")).hasText("E42");
    assertThat(page.locator(".results li")).containsText(subject);
    List<String> findings = new AxeBuilder(page).analyze().getViolations().stream()
        .filter(rule -> !"minor".equals(rule.getImpact()))
        .map(rule -> rule.getImpact() + " " + rule.getId() + " at " + rule.getNodes().stream()
            .map(node -> String.valueOf(node.getTarget())).toList())
        .toList();
    assertTrue(findings.isEmpty(), "search results: " + findings);
    page.locator(".results li a").click();
    assertThat(page.locator("li:target")).containsText("It shows error E42.");
    assertFalse(dialogOpened.get(), "no script ran");
    String csp = page.navigate(base() + "/conversations").headerValue("content-security-policy");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
  }

  /** Signs up and confirms through the hub's portal API (faster than the pages), returns the account id. */
  private static String apiAccount(String email) throws Exception {
    String key = await(hub.hub().portalApiKey());
    HttpRequest.Builder signUp = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
            + "/api/v1/portal/accounts")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", email).put("password", PASSWORD)
            .encode()));
    String token = new JsonObject(HTTP.send(signUp.build(), HttpResponse.BodyHandlers.ofString()).body())
        .getString("token");
    HttpRequest.Builder verify = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
            + "/api/v1/portal/verifications")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("token", token).put("password", PASSWORD)
            .encode()));
    return new JsonObject(HTTP.send(verify.build(), HttpResponse.BodyHandlers.ofString()).body())
        .getString("accountId");
  }

  private static String apiRequest(String accountId, String subject) throws Exception {
    String key = await(hub.hub().portalApiKey());
    HttpRequest.Builder open = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
            + "/api/v1/portal/accounts/" + accountId + "/requests")).header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("subject", subject).put("text", "details")
            .encode()));
    String conversationId = new JsonObject(HTTP.send(open.build(), HttpResponse.BodyHandlers.ofString()).body())
        .getString("conversationId");
    eventually("request " + conversationId + " is filed", () -> {
      try {
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port()
            + "/api/v1/conversations/" + conversationId)).header("Authorization", "Bearer " + TestHub.API_KEY)
            .build(), HttpResponse.BodyHandlers.ofString());
        return found.statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
    return conversationId;
  }

  @Test
  void anotherCustomersConversationIsNotFoundByIdOrByAChangedFormField() throws Exception {
    String alice = uniqueEmail("alice");
    String aliceAccount = apiAccount(alice);
    String bobsConversation = apiRequest(apiAccount(uniqueEmail("bob")), "Bob's private matter");
    String alicesConversation = apiRequest(aliceAccount, "Alice's question");

    signIn(alice, PASSWORD);
    Response byId = page.navigate(base() + "/conversations/" + bobsConversation);
    assertEquals(404, byId.status());
    assertFalse(page.content().contains("Bob's private matter"));

    page.navigate(base() + "/conversations/" + alicesConversation);
    APIResponse changedField = page.request().post(base() + "/replies", RequestOptions.create()
        .setForm(FormData.create().set("csrf", csrfOnPage()).set("conversationId", bobsConversation)
            .set("text", "let me in")).setMaxRedirects(0));
    assertEquals(404, changedField.status());
    assertFalse(changedField.text().contains("Exception"), "no stack trace");
  }

  @Test
  void aForgedCsrfTokenIs403() throws Exception {
    String email = uniqueEmail("carl");
    String conversation = apiRequest(apiAccount(email), "Carl's question");
    signIn(email, PASSWORD);
    page.navigate(base() + "/conversations/" + conversation);
    APIResponse forged = page.request().post(base() + "/replies", RequestOptions.create()
        .setForm(FormData.create().set("csrf", csrfOnPage() + "x").set("conversationId", conversation)
            .set("text", "forged")).setMaxRedirects(0));
    assertEquals(403, forged.status());
    APIResponse missing = page.request().post(base() + "/replies", RequestOptions.create()
        .setForm(FormData.create().set("conversationId", conversation).set("text", "forged")).setMaxRedirects(0));
    assertEquals(403, missing.status());
  }

  @Test
  void aSessionIdSetBeforeSignInIsNotTheOneAfter() throws Exception {
    String email = uniqueEmail("dora");
    apiAccount(email);
    page.navigate(base() + "/sign-in");
    String planted = context.cookies().stream().filter(c -> c.name.equals("portal_session")).findFirst()
        .orElseThrow().value;
    signIn(email, PASSWORD);
    assertThat(page.locator("h1")).hasText("My requests");
    var cookie = context.cookies().stream().filter(c -> c.name.equals("portal_session")).findFirst().orElseThrow();
    assertNotEquals(planted, cookie.value);
    assertTrue(cookie.httpOnly);
    assertEquals(com.microsoft.playwright.options.SameSiteAttribute.LAX, cookie.sameSite);

    // whoever planted the first id (another browser) is not signed in with it
    BrowserContext attacker = browser.newContext();
    try {
      attacker.addCookies(List.of(new com.microsoft.playwright.options.Cookie("portal_session", planted)
          .setUrl(base())));
      Page attackerPage = attacker.newPage();
      attackerPage.navigate(base() + "/conversations");
      assertThat(attackerPage.locator("h1")).hasText("Sign in");
    } finally {
      attacker.close();
    }
  }

  @Test
  void twentyWrongPasswordsAreRateLimited() throws Exception {
    String email = uniqueEmail("eve-target");
    apiAccount(email);
    page.navigate(base() + "/sign-in");
    String csrf = csrfOnPage();
    APIResponse last = null;
    int refused = 0;
    for (int attempt = 1; attempt <= 20; attempt++) {
      last = page.request().post(base() + "/sign-in", RequestOptions.create()
          .setForm(FormData.create().set("csrf", csrf).set("email", email).set("password", "guess " + attempt))
          .setMaxRedirects(0));
      if (last.status() == 429) {
        refused++;
      } else {
        assertEquals(401, last.status());
      }
    }
    assertEquals(429, last.status());
    assertTrue(refused >= 5, "refused " + refused);
    assertNotNull(last.headers().get("retry-after"));
    assertTrue(Integer.parseInt(last.headers().get("retry-after")) > 0);
    // even the right password waits now
    APIResponse right = page.request().post(base() + "/sign-in", RequestOptions.create()
        .setForm(FormData.create().set("csrf", csrf).set("email", email).set("password", PASSWORD))
        .setMaxRedirects(0));
    assertEquals(429, right.status());
  }
}
