package org.crmhub.portal;

import static org.crmhub.portal.AccountPages.form;
import static org.crmhub.portal.AccountPages.render;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.crmhub.client.model.PortalAttachmentUpload;
import org.crmhub.portal.HubGateway.Refusal;
import org.crmhub.portal.PortalSessions.Session;

/** The signed-in customer's requests: the list, one conversation, a reply, a new request, attachments. */
final class ConversationPages {

  static final int MAX_ATTACHMENT_BYTES = 256 * 1024;
  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
  private static final Map<String, String> NOTICES = Map.of(
      "sent", "Thank you. We received your request; it appears in this list in a moment.",
      "verified", "Your email address is confirmed. Welcome!",
      "password", "Your new password is saved.");

  private final Vertx vertx;
  private static final List<String> RELAYED_HEADERS = List.of("Content-Type", "Content-Length", "Content-Range",
      "Content-Disposition", "Accept-Ranges", "ETag", "X-Content-Type-Options", "Content-Security-Policy",
      "Cache-Control");

  private final HubGateway hub;

  ConversationPages(Vertx vertx, HubGateway hub) {
    this.vertx = vertx;
    this.hub = hub;
  }

  void mount(Router router) {
    router.get("/conversations").handler(Visitors::requireSignIn).handler(this::list);
    router.get("/conversations/:conversationId").handler(Visitors::requireSignIn).handler(this::show);
    router.get("/conversations/:conversationId/attachments/:attachmentId").handler(Visitors::requireSignIn)
        .handler(this::attachment);
    router.post("/replies").handler(Visitors::checkCsrf).handler(Visitors::requireSignIn)
        .handler(this::reply);
    router.get("/requests/new").handler(Visitors::requireSignIn)
        .handler(ctx -> render(ctx, 200, Pages.newRequest(Visitors.session(ctx), "", "", null)));
    router.post("/requests").handler(Visitors::checkCsrf).handler(Visitors::requireSignIn)
        .handler(this::open);
  }

  private void list(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    hub.conversations(session.accountId())
        .onSuccess(list -> render(ctx, 200, Pages.conversations(session, list.getItems(),
            NOTICES.get(ctx.request().getParam("notice", "")))))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    String id = ctx.pathParam("conversationId");
    if (!ID.matcher(id).matches()) {
      ctx.fail(PortalProblem.notFound());
      return;
    }
    hub.conversation(session.accountId(), id)
        .onSuccess(conversation -> render(ctx, 200, Pages.conversation(session, conversation, null)))
        .onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    String id = form(ctx, "conversationId");
    String text = form(ctx, "text").strip();
    if (!ID.matcher(id).matches()) {
      ctx.fail(PortalProblem.notFound());
      return;
    }
    if (text.isEmpty() || text.length() > 10_000) {
      hub.conversation(session.accountId(), id)
          .onSuccess(conversation -> render(ctx, 400, Pages.conversation(session, conversation,
              "Write a reply of at most 10,000 characters.")))
          .onFailure(ctx::fail);
      return;
    }
    hub.reply(session.accountId(), id, text)
        .onSuccess(accepted -> Visitors.redirect(ctx, "/conversations/" + accepted.getConversationId()))
        .onFailure(failure -> {
          if (failure instanceof Refusal refusal && refusal.status() == 409) {
            ctx.fail(new PortalProblem(409, "This conversation is closed",
                "Please open a new request if you need more help.", null));
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void open(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    String subject = form(ctx, "subject").strip();
    String text = form(ctx, "text").strip();
    if (subject.isEmpty() || subject.length() > 200 || text.isEmpty() || text.length() > 10_000) {
      render(ctx, 400, Pages.newRequest(session, subject, text,
          "Give a subject (up to 200 characters) and a message (up to 10,000 characters)."));
      return;
    }
    FileUpload upload = ctx.fileUploads().stream()
        .filter(file -> "attachment".equals(file.name()) && file.size() > 0).findFirst().orElse(null);
    attachment(upload)
        .compose(file -> hub.openRequest(session.accountId(), subject, text, file))
        .onSuccess(accepted -> Visitors.redirect(ctx, "/conversations?notice=sent"))
        .onFailure(failure -> {
          if (failure instanceof AttachmentRefused refused) {
            render(ctx, refused.status, Pages.newRequest(session, subject, text, refused.getMessage()));
          } else if (failure instanceof Refusal refusal && refusal.status() != 404) {
            render(ctx, 400, Pages.newRequest(session, subject, text, AttachmentRefused.WRONG_TYPE));
          } else {
            ctx.fail(failure);
          }
        });
  }

  /** The attachment cannot be taken; the message says why, for the form shown again. */
  private static final class AttachmentRefused extends RuntimeException {
    static final String WRONG_TYPE = "The attachment must be a PNG, JPEG, PDF or text file of at most 256 KB.";
    static final String TOO_LARGE = "The attachment is larger than 256 KB, so it was not sent. Your message is "
        + "kept below: attach a smaller file, or send it without one.";

    final int status;

    AttachmentRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private Future<PortalAttachmentUpload> attachment(FileUpload upload) {
    if (upload == null) {
      return Future.succeededFuture();
    }
    PortalAttachmentUpload.ContentTypeEnum type;
    try {
      type = PortalAttachmentUpload.ContentTypeEnum.fromValue(upload.contentType());
    } catch (IllegalArgumentException unknown) {
      return Future.failedFuture(new AttachmentRefused(400, AttachmentRefused.WRONG_TYPE));
    }
    if (upload.size() > MAX_ATTACHMENT_BYTES) {
      return Future.failedFuture(new AttachmentRefused(413, AttachmentRefused.TOO_LARGE));
    }
    String name = upload.fileName() == null || upload.fileName().isBlank() ? "attachment" : upload.fileName();
    return vertx.fileSystem().readFile(upload.uploadedFileName()).map(bytes -> new PortalAttachmentUpload()
        .filename(name.length() > 200 ? name.substring(name.length() - 200) : name)
        .contentType(type)
        .data(Base64.getEncoder().encodeToString(bytes.getBytes())));
  }

  private void attachment(RoutingContext ctx) {
    Session session = Visitors.session(ctx);
    String conversationId = ctx.pathParam("conversationId");
    String attachmentId = ctx.pathParam("attachmentId");
    if (!ID.matcher(conversationId).matches() || !ID.matcher(attachmentId).matches()) {
      ctx.fail(PortalProblem.notFound());
      return;
    }
    hub.attachment(session.accountId(), conversationId, attachmentId, ctx.request().getHeader("Range"),
            ctx.request().getHeader("If-Range"))
        .compose(answer -> relay(answer, ctx.response()))
        .onFailure(ctx::fail);
  }

  /**
   * Passes the hub's download through as it came: its status and the headers that make it a safe
   * download of the right bytes (always {@code attachment}, never sniffed, sandboxed).
   */
  private static Future<Void> relay(HttpClientResponse answer, HttpServerResponse response) {
    response.setStatusCode(answer.statusCode());
    for (String header : RELAYED_HEADERS) {
      String value = answer.getHeader(header);
      if (value != null) {
        response.putHeader(header, value);
      }
    }
    if (answer.statusCode() == 416) {
      return answer.body().compose(problem -> response.end());
    }
    return answer.pipe().endOnFailure(false).to(response);
  }
}
