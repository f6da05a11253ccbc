package org.crmhub.portal;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crmhub.portal.HubGateway.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer self-service portal: server-rendered pages on their own port, talking to the hub
 * only through its API (with the portal's key), sessions and rate-limit counters in Redis.
 */
public final class PortalVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PortalVerticle.class);
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";
  private static final int FORM_LIMIT_BYTES = 64 * 1024;
  /**
   * Far above the 256 KB an attachment may have: a file too large for that still arrives whole,
   * so the form can be shown again with the typed text and a clear message. Only bodies above
   * this get the bare "too large" page.
   */
  private static final int UPLOAD_LIMIT_BYTES = 8 * 1024 * 1024;

  private final PortalConfig config;
  private final Mailer mailer;
  private PortalRedis redis;
  private HttpServer server;
  private HubGateway hub;
  private Path uploads;

  /** @param mailer null to mail through PORTAL_SMTP_URL, or to log the links when it is unset */
  public PortalVerticle(PortalConfig config, Mailer mailer) {
    this.config = config;
    this.mailer = mailer;
  }

  /** The port the portal listens on (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Where uploaded files wait while their request lasts; removed when the portal stops. */
  public Path uploadsFolder() {
    return uploads;
  }

  @Override
  public Future<?> start() {
    Buffer css;
    Buffer icon;
    try (InputStream in = PortalVerticle.class.getResourceAsStream("/portal/portal.css");
        InputStream iconIn = PortalVerticle.class.getResourceAsStream("/portal/favicon.svg")) {
      css = Buffer.buffer(in.readAllBytes());
      icon = Buffer.buffer(iconIn.readAllBytes());
      uploads = Files.createTempDirectory("crmhub-portal-uploads");
    } catch (IOException | NullPointerException e) {
      return Future.failedFuture(new IllegalStateException("the portal's resources are missing", e));
    }
    Mailer mail = mailer != null ? mailer : config.mailSettings().mailer(vertx);
    return PortalRedis.connect(vertx, config.redisUrl()).compose(connected -> {
      redis = connected;
      hub = new HubGateway(config.hubUrl(), config.apiKey(), context);
      Visitors visitors = new Visitors(new PortalSessions(redis, config.sessionLifetime()), config.secureCookies());
      RateLimiter signIns = new RateLimiter(redis, "sign-in:email", config.signInAttempts(),
          PortalConfig.SIGN_IN_EMAIL_FACTOR, config.rateWindow());
      RateLimiter signInsByAddress = new RateLimiter(redis, "sign-in:address", config.signInAttempts() * PortalConfig.SIGN_IN_ADDRESS_FACTOR,
          config.rateWindow());
      RateLimiter signUps = new RateLimiter(redis, "sign-up:address", config.signUpAttempts(), config.rateWindow());
      BodyHandler forms = BodyHandler.create(false).setBodyLimit(FORM_LIMIT_BYTES);
      BodyHandler files = BodyHandler.create(uploads.toString()).setBodyLimit(UPLOAD_LIMIT_BYTES)
          .setDeleteUploadedFilesOnEnd(true);

      Router router = Router.router(vertx);
      router.route().handler(PortalVerticle::securityHeaders);
      router.get("/static/portal.css").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "text/css; charset=utf-8")
          .putHeader("Cache-Control", "public, max-age=3600")
          .end(css));
      router.get("/static/favicon.svg").handler(ctx -> ctx.response()
          .putHeader("Content-Type", "image/svg+xml")
          .putHeader("Cache-Control", "public, max-age=86400")
          .end(icon));
      // browsers that ignore the link element still ask for /favicon.ico
      router.get("/favicon.ico").handler(ctx -> ctx.response().setStatusCode(301)
          .putHeader("Location", "/static/favicon.svg").end());
      router.get("/health/live").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok"));
      // bodies are read before anything asynchronous (the session lookup) runs
      router.post("/requests").handler(files);
      router.postWithRegex("^(?!/requests$).*").handler(forms);
      router.route().handler(visitors::load);
      new AccountPages(hub, visitors, signIns, signInsByAddress, signUps, mail, config.publicUrl()).mount(router);
      new ConversationPages(vertx, hub).mount(router);
      new SearchPages(hub).mount(router);
      router.route().last().handler(ctx -> ctx.fail(PortalProblem.notFound()));
      router.route().failureHandler(PortalVerticle::problemPage);
      return vertx.createHttpServer(new HttpServerOptions()
              .setHost(config.host())
              .setMaxHeaderSize(16 * 1024)
              .setMaxFormAttributeSize(32 * 1024)
              .setMaxInitialLineLength(8 * 1024))
          .requestHandler(router)
          .listen(config.port());
    }).onSuccess(listening -> {
      server = listening;
      LOG.info("self-service portal listening on port {} (public URL {})", listening.actualPort(), config.publicUrl());
    });
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        // verification and reset links carry tokens: never leak the URL to another site
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  /** Friendly pages for every failure; the cause is logged, never shown. */
  private static void problemPage(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    PortalProblem problem;
    if (failure instanceof PortalProblem known) {
      problem = known;
    } else if (failure instanceof Refusal refusal && refusal.status() == 404) {
      problem = PortalProblem.notFound();
    } else if (failure == null && ctx.statusCode() == 413 || failure != null
        && String.valueOf(failure.getMessage()).startsWith("Size exceed")) {
      problem = new PortalProblem(413, "Too large", "What you sent is larger than we accept.", null);
    } else if (failure instanceof Refusal || failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      problem = new PortalProblem(failure == null ? ctx.statusCode() : 400, "Something is not right",
          "We could not understand that request.", null);
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      problem = new PortalProblem(503, "Please try again soon",
          "Our support system is not reachable right now. Please try again in a minute.", 30L);
    }
    if (problem.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", Long.toString(problem.retryAfterSeconds()));
    }
    AccountPages.render(ctx, problem.status(),
        Pages.problem(Visitors.session(ctx), problem.status(), problem.title(), problem.getMessage()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed
        .eventually(() -> hub == null ? Future.succeededFuture() : hub.close())
        .compose(v -> redis == null ? Future.succeededFuture() : redis.close())
        // uploads are deleted as each request ends; the emptied folder goes with the portal
        .eventually(() -> uploads == null ? Future.succeededFuture()
            : vertx.fileSystem().deleteRecursive(uploads.toString()));
  }
}
