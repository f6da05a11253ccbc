package org.crmhub.hub.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crmhub.hub.testing.Eventually;
import org.crmhub.hub.testing.TestHub;
import org.crmhub.hub.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staff inbox in headless Chromium against a real hub: sign in, live arrival, reply, notes,
 * status, "also viewing", merge and split, and a stored XSS corpus that must execute nothing.
 * One browser for the class; each test gets fresh browser contexts.
 */
class StaffInboxBrowserTest {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private static TestRedis redis;
  private static Vertx vertx;
  private static HttpServer fakeTwilio;
  private static final List<MultiMap> smsSent = new CopyOnWriteArrayList<>();
  private static TestHub hub;
  private static Playwright playwright;
  private static Browser browser;
  private BrowserContext context;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "browser tests need Chromium at " + CHROMIUM + " (apt-get install chromium); skipped");
    redis = TestRedis.start();
    vertx = Vertx.vertx();
    Router twilio = Router.router(vertx);
    twilio.route().handler(BodyHandler.create());
    twilio.post("/2010-04-01/Accounts/:account/Messages.json").handler(ctx -> {
      smsSent.add(MultiMap.caseInsensitiveMultiMap().addAll(ctx.request().formAttributes()));
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("sid", "SM" + UUID.randomUUID().toString().replace("-", "")).put("status", "queued").encode());
    });
    fakeTwilio = vertx.createHttpServer().requestHandler(twilio).listen(0, "127.0.0.1").await();
    JsonObject phone = new JsonObject().put("authToken", TestHub.TWILIO_TOKEN).put("defaultRegion", "DE")
        .put("accountSid", "AC" + "1".repeat(32)).put("smsFrom", "+4930111222")
        .put("apiBaseUrl", "http://127.0.0.1:" + fakeTwilio.actualPort());
    hub = TestHub.deploy(vertx, TestHub.config(redis.url(), Files.createTempDirectory("browser-hub"))
        .withChannel("phone", phone)).await();
    hub.authorized(HttpMethod.POST, "/api/v1/staff").sendJsonObject(new JsonObject()
        .put("username", "bea").put("password", "bea-password-for-tests").put("role", "agent")).await();
    Files.createDirectories(SCREENSHOTS);
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run")));
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
      playwright.close();
    }
    if (hub != null) {
      hub.undeploy().await();
      fakeTwilio.close().await();
      vertx.close().await();
      redis.close();
    }
  }

  @BeforeEach
  void newContext() {
    context = newAgentContext();
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  private BrowserContext newAgentContext() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
  }

  private String base() {
    return "http://127.0.0.1:" + hub.port();
  }

  private Page signIn(BrowserContext in, String username, String password) {
    Page page = in.newPage();
    page.navigate(base() + "/");
    page.waitForURL(base() + "/login");
    page.getByLabel("Username").fill(username);
    page.getByLabel("Password").fill(password);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Sign in")).click();
    page.waitForURL(base() + "/");
    assertThat(page.locator("#live-status")).hasText("live");
    return page;
  }

  private void push(JsonObject contact) {
    var accepted = hub.authorized(HttpMethod.POST, "/api/v1/inbound/contacts").sendJsonObject(contact).await();
    assertEquals(202, accepted.statusCode(), accepted.bodyAsString());
  }

  private JsonObject getJson(String path) {
    return hub.authorized(HttpMethod.GET, path).send().await().bodyAsJsonObject();
  }

  private JsonObject customerOf(String identity) {
    String[] found = {null};
    Eventually.holds(vertx, 10_000, identity + " has a customer", () -> hub.authorized(HttpMethod.GET,
        "/api/v1/customers?identity=" + identity).send().map(response -> {
          var items = response.bodyAsJsonObject().getJsonArray("items");
          if (!items.isEmpty()) {
            found[0] = items.getJsonObject(0).getString("id");
          }
          return !items.isEmpty();
        })).await();
    return getJson("/api/v1/customers/" + found[0]);
  }

  @Test
  void aContactArrivesLiveAndTheAgentRepliesNotesAndClosesIt() {
    Page page = signIn(context, "admin", TestHub.ADMIN_PASSWORD);
    Response home = page.navigate(base() + "/");
    assertTrue(home.headerValue("content-security-policy").contains("script-src 'self'"), home.headers().toString());
    assertThat(page.locator("#live-status")).hasText("live");
    page.evaluate("window.__notReloaded = true");

    String tag = UUID.randomUUID().toString().substring(0, 8);
    String from = "+4915" + (10000000 + Math.abs(tag.hashCode() % 89999999));
    push(new JsonObject().put("channel", "sms").put("externalId", "sms-" + tag)
        .put("from", new JsonObject().put("phone", from).put("name", "Erika Muster"))
        .put("text", "My parcel " + tag + " never arrived and I am still waiting"));

    Locator row = page.locator(".conversation-row", new Page.LocatorOptions().setHasText("parcel " + tag));
    assertThat(row).isVisible();
    assertThat(row).containsText("Erika Muster");
    assertThat(row.locator(".badge.sentiment-negative")).isVisible();
    assertEquals(true, page.evaluate("window.__notReloaded === true"), "the contact appeared without a reload");
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("inbox.png")).setFullPage(true));

    row.locator("a").click();
    assertThat(page.locator(".thread .message.inbound")).containsText("parcel " + tag);
    assertThat(page.locator("#customer-name")).hasText("Erika Muster");
    assertThat(page.locator(".trend svg")).isVisible();

    page.keyboard().press("r");
    assertThat(page.locator("#reply-text")).isFocused();
    page.locator("#reply-text").fill("So sorry, " + tag + " goes out again today.");
    page.getByText("Send reply").click();
    assertThat(page.locator(".thread .message.outbound")).containsText(tag + " goes out again today");
    assertThat(page.locator(".thread .message.outbound .badge.delivery-sent")).isVisible();
    assertTrue(smsSent.stream().anyMatch(sms -> sms.get("Body").contains(tag) && from.equals(sms.get("To"))), smsSent.toString());

    page.locator("#note-text").fill("Customer called twice about " + tag);
    page.getByText("Add note").click();
    assertThat(page.locator(".thread .message.internal")).containsText("called twice about " + tag);

    // a second agent opens it: both see each other
    BrowserContext second = newAgentContext();
    try {
      Page bea = signIn(second, "bea", "bea-password-for-tests");
      String conversationId = (String) page.evaluate("location.hash.split('/')[2]");
      bea.navigate(base() + "/#/c/" + conversationId);
      assertThat(bea.locator("#also-viewing")).hasText("Also viewing: admin");
      assertThat(page.locator("#also-viewing")).hasText("Also viewing: bea");

      page.locator("#status-select").selectOption("pending");
      assertThat(bea.locator("#status-select")).hasValue("pending");
      page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("conversation.png")).setFullPage(true));

      page.locator("#conversation-title").click();
      page.keyboard().press("e");
      assertThat(page.locator("#status-select")).hasValue("closed");
      assertThat(bea.locator("#status-select")).hasValue("closed");
      JsonObject stored = getJson("/api/v1/conversations/" + conversationId);
      assertEquals("closed", stored.getString("status"));
      assertEquals(List.of("inbound", "outbound", "internal"), stored.getJsonArray("messages").stream()
          .map(m -> ((JsonObject) m).getString("direction")).toList());
    } finally {
      second.close();
    }
  }

  @Test
  void longUnbrokenNamesAndSubjectsStayInsideTheirPanes() {
    Page page = signIn(context, "admin", TestHub.ADMIN_PASSWORD);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String name = "Maximiliane" + "x".repeat(180);
    String subject = "Order" + tag + "-".repeat(300);
    push(new JsonObject().put("channel", "email").put("externalId", "long-" + tag)
        .put("from", new JsonObject().put("email", "long-" + tag + "@example.com").put("name", name))
        .put("subject", subject).put("text", "Where is it? " + "y".repeat(2_000)));

    Locator row = page.locator(".conversation-row", new Page.LocatorOptions().setHasText("Order" + tag));
    assertThat(row).isVisible();
    row.locator("a").click();
    assertThat(page.locator("#customer-name")).containsText("Maximiliane");
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("long-names.png")));
    for (String pane : List.of("#inbox", "#conversation", "#customer")) {
      Object overflow = page.evaluate("selector => { const e = document.querySelector(selector);"
          + " return e.scrollWidth - e.clientWidth; }", pane);
      assertEquals(0, ((Number) overflow).intValue(), pane + " scrolls sideways by " + overflow + " px");
    }
  }

  @Test
  void twoCustomersAreMergedAfterAPreviewAndSplitAgain() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String first = "merge-a-" + tag + "@example.com";
    String second = "merge-b-" + tag + "@example.org";
    push(TestHub.contact("ma-" + tag, first, "Where is my invoice?").put("from",
        new JsonObject().put("email", first).put("name", "Ann Lee")));
    push(TestHub.contact("mb-" + tag, second, "Invoice question from my other address").put("from",
        new JsonObject().put("email", second).put("name", "Ann L.")));
    customerOf("email:" + first);
    customerOf("email:" + second);

    Page page = signIn(context, "admin", TestHub.ADMIN_PASSWORD);
    page.locator("#search").fill(first);
    page.locator("#search").press("Enter");
    assertThat(page.locator("#customer-name")).hasText("Ann Lee");

    page.locator("#merge-other").fill(second);
    page.getByText("Preview merge").click();
    assertThat(page.locator("#merge-preview")).containsText("Moves 1 identities and 1 conversations");
    assertThat(page.locator("#merge-preview")).containsText(second);
    assertThat(page.locator(".identities")).not().containsText(second);
    page.locator("#merge-reason").fill("same person, two addresses");
    page.locator("#merge-confirm").click();
    assertThat(page.locator(".identities")).containsText(second);
    assertThat(page.locator(".timeline li")).hasCount(2);

    page.locator(".split-button").click();
    assertThat(page.locator(".identities")).not().containsText(second);
    assertThat(page.locator(".timeline li")).hasCount(1);
    assertEquals(List.of("email:" + first), customerOf("email:" + first).getJsonArray("identities").stream()
        .map(identity -> ((JsonObject) identity).getString("identity")).toList());
  }

  @Test
  void adminsManageKeysAndSeeChannelsWhileAgentsDoNot() {
    Page page = signIn(context, "admin", TestHub.ADMIN_PASSWORD);
    page.locator("#nav-admin").click();
    assertThat(page.locator("#admin-body table")).containsText("bea");
    page.locator(".tabs").getByText("API keys").click();
    // The tab renders on the hash change, after the click returns; until then the staff form's
    // "Username" would match a loose "Name" label and the key form would be submitted empty.
    assertThat(page.locator("#admin-body h2")).hasText("API keys");
    page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("crm export");
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Create").setExact(true)).click();
    assertThat(page.locator("#new-secret .secret")).not().isEmpty();
    assertThat(page.locator("#admin-body table")).containsText("crm export");
    page.locator(".tabs").getByText("Channels").click();
    assertThat(page.locator("#admin-body h2")).hasText("Channels' health");
    page.locator(".tabs").getByText("Dead letters").click();
    assertThat(page.locator("#admin-body")).containsText("None: every contact was processed.");

    BrowserContext agentContext = newAgentContext();
    try {
      Page agent = signIn(agentContext, "bea", "bea-password-for-tests");
      assertThat(agent.locator("#nav-admin")).isHidden();
      agent.navigate(base() + "/#/admin/api-keys");
      assertThat(agent.locator("#admin-body")).hasText("Only admins see these pages.");
    } finally {
      agentContext.close();
    }
  }

  @Test
  void storedScriptInNamesSubjectsBodiesAndHtmlMailExecutesNothing() {
    List<String> executed = new CopyOnWriteArrayList<>();
    List<String> dialogs = new CopyOnWriteArrayList<>();
    List<String> loaded = new CopyOnWriteArrayList<>();
    List<String> blockedByPolicy = new CopyOnWriteArrayList<>();
    // every payload calls this if it ever runs, in any frame
    context.exposeBinding("__xss", (source, args) -> {
      executed.add(String.valueOf(args.length > 0 ? args[0] : "?"));
      return null;
    });
    context.addInitScript("window.__cspViolations = [];"
        + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective));");
    // Chromium reports a load the policy refused as a failed request; anything else reached the network
    context.onRequestFinished(request -> loaded.add(request.url()));
    context.onRequestFailed(request -> (String.valueOf(request.failure()).toLowerCase(java.util.Locale.ROOT).contains("csp")
        ? blockedByPolicy : loaded).add(request.url()));
    Page page = signIn(context, "admin", TestHub.ADMIN_PASSWORD);
    page.onDialog(dialog -> {
      dialogs.add(dialog.message());
      dialog.dismiss();
    });

    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "xss-" + tag + "@example.com";
    String name = "<img src=x onerror=\"__xss('name-img')\"><script>__xss('name-script')</script>";
    String subject = "\"><svg onload=\"__xss('subject-svg')\"></svg><script>alert('subject')</script> " + tag;
    String text = "<a href=\"javascript:__xss('text-link')\">click</a>"
        + "<style>body{background:url(\"javascript:__xss('css')\")}</style>"
        + "<iframe src=\"javascript:__xss('text-iframe')\"></iframe><b onmouseover=\"__xss('hover')\">hi</b>";
    String attachmentName = "<img src=x onerror=\"__xss('file')\">invoice.pdf";
    String html = "<p>Hello <b>there</b></p><script>__xss('mail-script');alert('mail')</script>"
        + "<img src=\"x\" onerror=\"__xss('mail-img')\">"
        + "<iframe srcdoc=\"<script>parent.__xss('mail-srcdoc')</script>\"></iframe>"
        + "<svg onload=\"__xss('mail-svg')\"><script>__xss('mail-svg-script')</script></svg>"
        + "<a href=\"javascript:__xss('mail-link')\" id=\"bad-link\">bad link</a>"
        + "<form action=\"https://evil.invalid/steal\"><input name=q></form>"
        + "<div style=\"background-image:url(https://tracker.invalid/bg.gif)\">styled text</div>"
        + "<img src=\"https://tracker.invalid/pixel.gif\" alt=\"tracking pixel\">";
    push(new JsonObject().put("channel", "email").put("externalId", "xss-" + tag)
        .put("from", new JsonObject().put("email", email).put("name", name))
        .put("subject", subject).put("text", text).put("html", html)
        .put("metadata", new JsonObject().put("attachments", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("id", "at_" + tag).put("filename", attachmentName).put("size", 2048))
            .add(new JsonObject().put("filename", "huge.zip").put("size", 30_000_000).put("stored", false)
                .put("note", "over the size limit")))));

    Locator row = page.locator(".conversation-row", new Page.LocatorOptions().setHasText(tag));
    assertThat(row).isVisible();
    assertThat(row.locator(".customer-name")).hasText(name);
    row.locator("a").click();

    assertThat(page.locator("#conversation-title")).containsText(subject);
    assertThat(page.locator(".message-text").first()).hasText(text);
    assertThat(page.locator("#customer-name")).hasText(name);
    Locator files = page.locator(".attachments li");
    assertThat(files).hasCount(2);
    assertThat(files.first().locator("a")).hasText(attachmentName + " (2 KiB)");
    assertEquals("/api/v1/attachments/at_" + tag, files.first().locator("a").getAttribute("href"));
    assertThat(files.nth(1)).containsText("not kept: over the size limit");
    assertEquals(0, page.locator("#workspace script, #workspace img[onerror], #workspace svg[onload], #workspace a[href^='javascript']").count(),
        "customer text never became markup");

    Locator frame = page.locator("iframe.mail-frame");
    assertEquals("", frame.getAttribute("sandbox"), "the mail frame is sandboxed without scripts");
    FrameLocator mail = page.frameLocator("iframe.mail-frame");
    assertThat(mail.locator("body")).containsText("Hello there");
    assertThat(mail.locator("body")).containsText("styled text");
    assertEquals(0, mail.locator("script, iframe, form, svg, [onerror], [onload]").count(), "the sanitiser dropped active content");
    assertEquals(0, mail.locator("a[href^='javascript']").count());
    assertFalse(loaded.stream().anyMatch(url -> url.contains("tracker.invalid")), "remote images stay blocked: " + loaded);
    assertTrue(blockedByPolicy.stream().anyMatch(url -> url.contains("tracker.invalid/pixel.gif")),
        "the mail policy is what blocked the pixel: " + blockedByPolicy);

    page.locator("#conversation-title").hover();
    page.locator(".message-text b, .message-text").first().hover();
    page.reload();
    assertThat(page.locator("#conversation-title")).containsText(subject);
    assertThat(page.frameLocator("iframe.mail-frame").locator("body")).containsText("Hello there");

    // asked for, images from outside load (and still nothing runs)
    page.getByText("Show images").click();
    page.waitForCondition(() -> loaded.stream().anyMatch(url -> url.contains("tracker.invalid/pixel.gif")));

    assertTrue(executed.isEmpty(), "payloads ran: " + executed);
    assertTrue(dialogs.isEmpty(), "dialogs opened: " + dialogs);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("hostile-conversation.png")).setFullPage(true));
  }
}
