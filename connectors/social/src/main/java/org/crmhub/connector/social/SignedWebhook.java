package org.crmhub.connector.social;

import static org.crmhub.connector.WebhookProblems.problem;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A provider's signed POST webhook: the body is capped, and its signature header is checked over
 * the raw bytes before anything parses them. Missing signature: 401; wrong signature: 403.
 */
public final class SignedWebhook {

  /** Whether a signature header value signs these exact bytes. */
  @FunctionalInterface
  public interface SignatureCheck {
    boolean verify(String signature, byte[] rawBody);
  }

  private SignedWebhook() {}

  public static void mount(Router router, String path, int bodyLimit, String header, SignatureCheck check,
      Handler<RoutingContext> handler) {
    router.post(path)
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(ctx -> {
          String signature = ctx.request().getHeader(header);
          if (signature == null || signature.isBlank()) {
            problem(ctx, 401, "Unauthorized", header + " is required");
          } else if (ctx.body().buffer() == null || !check.verify(signature, ctx.body().buffer().getBytes())) {
            problem(ctx, 403, "Forbidden", header + " does not match the body");
          } else {
            ctx.next();
          }
        })
        .handler(handler);
  }
}
