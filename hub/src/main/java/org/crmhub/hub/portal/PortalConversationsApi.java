package org.crmhub.hub.portal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Sender;
import org.crmhub.hub.Ids;
import org.crmhub.hub.api.ApiOperations;
import org.crmhub.hub.api.ApiProblem;
import org.crmhub.hub.api.AttachmentDownload;
import org.crmhub.hub.api.ContractValidation;
import org.crmhub.hub.api.Responses;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.portal.AccountOwners.Owner;
import org.crmhub.hub.portal.PortalAccounts.Account;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.Scored;

/**
 * What a signed-in customer sees and does. The customer is whoever owns the account's verified
 * email right now ({@link AccountOwners}); every conversation asked for by id must belong to that
 * customer, else it is 404 exactly like a conversation that does not exist.
 */
public final class PortalConversationsApi implements ApiOperations {

  private static final int MAX_CONVERSATIONS = 200;
  private static final int MAX_MESSAGES = 1_000;

  private final AccountOwners owners;
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final PortalAttachments attachments;
  private final AttachmentDownload download;
  private final Ingest ingest;

  public PortalConversationsApi(PortalAccounts accounts, CustomerStore customers, ConversationStore conversations,
      Redis redis, Attachments attachmentStore, Ingest ingest) {
    this.owners = new AccountOwners(accounts, customers, conversations);
    this.customers = customers;
    this.conversations = conversations;
    this.attachments = new PortalAttachments(redis, attachmentStore);
    this.download = new AttachmentDownload(attachmentStore);
    this.ingest = ingest;
  }

  public void list(RoutingContext ctx) {
    owner(ctx)
        .compose(owner -> owner.customerId() == null
            ? Future.succeededFuture(List.<Scored>of())
            : customers.conversations(owner.customerId(), MAX_CONVERSATIONS))
        .compose(ids -> Future.all(ids.stream().map(id -> conversations.find(id.member())).toList()))
        .onSuccess(all -> {
          JsonArray items = new JsonArray();
          all.<Conversation>list().stream()
              .filter(java.util.Objects::nonNull)
              .map(PortalView::summary)
              .forEach(items::add);
          Responses.json(ctx, 200, new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    String conversationId = path(ctx, "conversationId");
    owner(ctx)
        .compose(owner -> owned(owner, conversationId))
        .compose(fields -> conversations.messages(conversationId, MAX_MESSAGES)
            .map(messages -> PortalView.conversation(fields, messages)))
        .onComplete(Responses.answer(ctx, 200));
  }

  public void attachment(RoutingContext ctx) {
    String conversationId = path(ctx, "conversationId");
    String attachmentId = path(ctx, "attachmentId");
    owner(ctx)
        .compose(owner -> owned(owner, conversationId))
        .compose(fields -> attachments.find(attachmentId, conversationId))
        .compose(found -> download.send(ctx, attachmentId, found))
        .onFailure(ctx::fail);
  }

  /** The customer's answer, filed in exactly this conversation whatever its channel. */
  public void reply(RoutingContext ctx) {
    String conversationId = path(ctx, "conversationId");
    String text = body(ctx).getString("text");
    owner(ctx)
        .compose(owner -> owned(owner, conversationId).compose(conversation -> {
          if (!conversation.isOpen()) {
            return Future.failedFuture(ApiProblem.of(409, "Conflict",
                "this conversation is closed; open a new request instead"));
          }
          // the thread key points at this conversation, so the threader files the reply here
          // rather than guessing by channel
          String threadKey = "conversation:" + conversationId;
          return conversations.claimThread(Channel.PORTAL.wireName(), threadKey, conversationId)
              .compose(bound -> accept(owner.account(), null, text, threadKey, new JsonObject()));
        }))
        .onSuccess(contactId -> accepted(ctx, contactId, conversationId))
        .onFailure(ctx::fail);
  }

  /** A new request: a new portal conversation, its id fixed now so the portal can link to it. */
  public void open(RoutingContext ctx) {
    JsonObject body = body(ctx);
    JsonObject upload = body.getJsonObject("attachment");
    JsonObject attachment = upload == null ? null : PortalAttachments.check(upload);
    String requestId = Ids.next("rq");
    String conversationId = Ids.next("cv");
    JsonObject metadata = new JsonObject().put("requestId", requestId);
    if (attachment != null) {
      metadata.put("attachment", attachment);
    }
    owner(ctx)
        .compose(owner -> conversations.claimThread(Channel.PORTAL.wireName(), requestId, conversationId)
            .compose(bound -> attachment == null
                ? Future.succeededFuture()
                : attachments.store(attachment, bound, upload.getString("data")))
            .compose(v -> accept(owner.account(), body.getString("subject"), body.getString("text"), requestId,
                metadata)))
        .onSuccess(contactId -> accepted(ctx, contactId, conversationId))
        .onFailure(ctx::fail);
  }

  private Future<String> accept(Account account, String subject, String text, String threadKey,
      JsonObject metadata) {
    // the verified email links the contact to the customer who owns it; the account id lets
    // staff answer on the portal
    List<Identity> identities = List.of(new Identity(IdentityType.EMAIL, account.email()),
        new Identity(IdentityType.PORTAL, account.id()));
    InboundContact contact = new InboundContact(Channel.PORTAL, Ids.next("pm"),
        new Sender(identities, account.name()), subject, text, null, threadKey, Instant.now(), metadata);
    return ingest.accept(contact).map(accepted -> accepted.contactId());
  }

  private static void accepted(RoutingContext ctx, String contactId, String conversationId) {
    Responses.json(ctx, 202, new JsonObject().put("contactId", contactId).put("conversationId", conversationId));
  }

  private Future<Owner> owner(RoutingContext ctx) {
    return owners.of(path(ctx, "accountId"));
  }

  private Future<Conversation> owned(Owner owner, String conversationId) {
    return owners.owned(owner, conversationId);
  }

  private static String path(RoutingContext ctx, String name) {
    return ContractValidation.validated(ctx).getPathParameters().get(name).getString();
  }

  private static JsonObject body(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getBody().getJsonObject();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listCustomerConversations", this::list,
        "getCustomerConversation", this::get,
        "replyAsCustomer", this::reply,
        "openCustomerRequest", this::open,
        "getCustomerAttachment", this::attachment);
  }
}
