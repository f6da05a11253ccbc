package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.crmhub.connector.Channel;
import org.crmhub.hub.audit.AuditAction;
import org.crmhub.hub.audit.AuditTarget;
import org.crmhub.hub.conversation.ConversationService;
import org.crmhub.hub.conversation.InboxFilter;
import org.crmhub.hub.conversation.InboxOrder;
import org.crmhub.hub.conversation.SentimentCorrections;
import org.crmhub.hub.reply.ReplyService;
import org.crmhub.hub.sentiment.SentimentLabel;

/**
 * The unified inbox over HTTP: list, read and change conversations, reply and add notes, correct
 * a customer message's sentiment.
 */
public final class ConversationsApi implements ApiOperations {

  /** The contract's default page of older messages. */
  private static final int OLDER_MESSAGES_PAGE = 50;

  private final ConversationService conversations;
  private final ReplyService replies;
  private final SentimentCorrections sentimentCorrections;
  private final AuditedAccess audit;

  public ConversationsApi(ConversationService conversations, ReplyService replies,
      SentimentCorrections sentimentCorrections, AuditedAccess audit) {
    this.conversations = conversations;
    this.replies = replies;
    this.sentimentCorrections = sentimentCorrections;
    this.audit = audit;
  }

  /** 200 with the message's sentiment as corrected (the contract allows only the three labels). */
  public void correctSentiment(RoutingContext ctx) {
    String label = ContractValidation.validated(ctx).getBody().getJsonObject().getString("label");
    sentimentCorrections.correct(pathId(ctx), messageId(ctx), SentimentLabel.fromWireName(label),
            Authentication.principal(ctx).actor())
        .onComplete(Responses.answer(ctx, 200));
  }

  /** 200 with the message's sentiment as the analyser gave it. */
  public void undoSentimentCorrection(RoutingContext ctx) {
    sentimentCorrections.undo(pathId(ctx), messageId(ctx), Authentication.principal(ctx).actor())
        .onComplete(Responses.answer(ctx, 200));
  }

  /** 201 with the sent message; 502 (message kept, status failed) when the channel refused it. */
  public void reply(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    String channel = body.getString("channel");
    replies.reply(pathId(ctx), body.getString("text"), channel == null ? null : Channel.fromWireName(channel),
            Authentication.principal(ctx).actor())
        .onSuccess(message -> {
          if ("failed".equals(message.getString("status"))) {
            ctx.fail(ApiProblem.of(502, "Bad gateway", "the channel refused the reply: " + message.getString("error")));
          } else {
            Responses.json(ctx, 201, message);
          }
        })
        .onFailure(ctx::fail);
  }

  /** 201 with the note. */
  public void note(RoutingContext ctx) {
    String text = ContractValidation.validated(ctx).getBody().getJsonObject().getString("text");
    conversations.addNote(pathId(ctx), text, Authentication.principal(ctx).actor())
        .onComplete(Responses.answer(ctx, 201));
  }

  public void list(RoutingContext ctx) {
    InboxFilter filter = new InboxFilter(
        ContractValidation.query(ctx, "status"), ContractValidation.query(ctx, "channel"),
        ContractValidation.query(ctx, "sentiment"), ContractValidation.query(ctx, "assignee"),
        ContractValidation.query(ctx, "customerId"));
    conversations.page(filter, InboxOrder.fromWireName(ContractValidation.query(ctx, "sort")),
            ContractValidation.query(ctx, "cursor"), ContractValidation.limit(ctx))
        .onComplete(Responses.answer(ctx, 200));
  }

  /**
   * With {@code If-None-Match} naming the current version, 304 without reading the messages (and
   * with nothing shown, nothing for the audit trail); else recorded there while they are read.
   */
  public void get(RoutingContext ctx) {
    String ifNoneMatch = ctx.request().getHeader("If-None-Match");
    String id = pathId(ctx);
    conversations.viewUnlessCurrent(id, ifNoneMatch, ContractValidation.integer(ctx, "messages", ConversationService.MAX_MESSAGES),
            customerId -> viewed(ctx, id, customerId))
        .onSuccess(view -> {
          if (view == null) {
            ctx.response().putHeader("ETag", ifNoneMatch).setStatusCode(304).end();
          } else {
            Responses.json(ctx, 200, view.etag(), view.body());
          }
        })
        .onFailure(ctx::fail);
  }

  /** With {@code If-Match}, only a change to the version the client read is applied (412 otherwise). */
  public void update(RoutingContext ctx) {
    JsonObject patch = ContractValidation.validated(ctx).getBody().getJsonObject();
    conversations.update(pathId(ctx), patch, ctx.request().getHeader("If-Match"),
            Authentication.principal(ctx).actor())
        .onSuccess(view -> {
          Responses.json(ctx, 200, view.etag(), view.body());
        })
        .onFailure(ctx::fail);
  }

  /** 200 with a page of the thread before a message, recorded in the audit trail like the conversation's view. */
  public void olderMessages(RoutingContext ctx) {
    String id = pathId(ctx);
    conversations.olderMessages(id, ContractValidation.query(ctx, "before"),
            ContractValidation.integer(ctx, "limit", OLDER_MESSAGES_PAGE), customerId -> viewed(ctx, id, customerId))
        .onSuccess(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  private Future<Void> viewed(RoutingContext ctx, String id, String customerId) {
    return audit.record(ctx, AuditAction.CONVERSATION_VIEWED, AuditTarget.CONVERSATION, id, customerId, null);
  }

  private static String pathId(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("conversationId").getString();
  }

  private static String messageId(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("messageId").getString();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listConversations", this::list,
        "getConversation", this::get,
        "listOlderMessages", this::olderMessages,
        "updateConversation", this::update,
        "replyToConversation", this::reply,
        "addConversationNote", this::note,
        "correctMessageSentiment", this::correctSentiment,
        "undoMessageSentimentCorrection", this::undoSentimentCorrection);
  }
}
