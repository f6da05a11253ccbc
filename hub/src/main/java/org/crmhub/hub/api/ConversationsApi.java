package org.crmhub.hub.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Channel;
import org.crmhub.hub.Ids;
import org.crmhub.hub.auth.Principal;
import org.crmhub.hub.conversation.ConversationJson;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxFilter;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.conversation.InboxOrder;
import org.crmhub.hub.conversation.InboxQuery;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.reply.ReplyService;

/** The unified inbox: list, read and change conversations. */
public final class ConversationsApi implements ApiOperations {

  private static final int MAX_MESSAGES = 1_000;

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final InboxQuery inboxQuery;
  private final InboxIndex inbox;
  private final DomainEvents events;
  private final ReplyService replies;

  public ConversationsApi(ConversationStore conversations, CustomerStore customers, InboxQuery inboxQuery,
      InboxIndex inbox, DomainEvents events, ReplyService replies) {
    this.conversations = conversations;
    this.customers = customers;
    this.inboxQuery = inboxQuery;
    this.inbox = inbox;
    this.events = events;
    this.replies = replies;
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

  /** 201 with the note: an internal message staff see in the thread and customers never do. */
  public void note(RoutingContext ctx) {
    String id = pathId(ctx);
    String text = ContractValidation.validated(ctx).getBody().getJsonObject().getString("text");
    String actor = Authentication.principal(ctx).actor();
    conversations.fields(id)
        .compose(conversation -> {
          if (conversation.isEmpty()) {
            return Future.failedFuture(ApiProblem.notFound("conversation " + id));
          }
          JsonObject note = new JsonObject()
              .put("id", Ids.next("nt"))
              .put("direction", "internal")
              .put("channel", conversation.get("channel"))
              .put("text", text)
              .put("sentBy", actor)
              .put("receivedAt", Instant.now().toString());
          return conversations.addNote(id, note)
              // not a webhook event type: notes stay inside the hub's staff views
              .compose(v -> events.publish(EventType.NOTE_CREATED, note.getString("id"), new JsonObject()
                  .put("conversationId", id)
                  .put("message", note)))
              .map(note);
        })
        .onSuccess(note -> Responses.json(ctx, 201, note))
        .onFailure(ctx::fail);
  }

  public void list(RoutingContext ctx) {
    InboxFilter filter = new InboxFilter(
        ContractValidation.query(ctx, "status"), ContractValidation.query(ctx, "channel"),
        ContractValidation.query(ctx, "sentiment"), ContractValidation.query(ctx, "assignee"),
        ContractValidation.query(ctx, "customerId"));
    inboxQuery.page(filter, InboxOrder.fromWireName(ContractValidation.query(ctx, "sort")),
            ContractValidation.query(ctx, "cursor"), ContractValidation.limit(ctx))
        .compose(page -> withCustomerNames(page.items()).map(items -> {
          JsonObject body = new JsonObject().put("items", items);
          if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
          }
          return body;
        }))
        .onSuccess(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  public void get(RoutingContext ctx) {
    String id = pathId(ctx);
    load(id)
        .onSuccess(view -> Responses.jsonWithEtag(ctx, view.etag(), view.body()))
        .onFailure(ctx::fail);
  }

  public void update(RoutingContext ctx) {
    String id = pathId(ctx);
    JsonObject patch = ContractValidation.validated(ctx).getBody().getJsonObject();
    Principal principal = Authentication.principal(ctx);
    String ifMatch = ctx.request().getHeader("If-Match");
    conversations.fields(id)
        .compose(before -> {
          if (before.isEmpty()) {
            return Future.failedFuture(ApiProblem.notFound("conversation " + id));
          }
          if (ifMatch != null && !ifMatch.equals(ConversationJson.etag(before))) {
            return Future.failedFuture(ApiProblem.of(412, "Precondition failed",
                "the conversation changed since you read it; reload and try again"));
          }
          return apply(id, patch).compose(v -> conversations.fields(id))
              .compose(after -> inbox.index(after, before.getOrDefault("assignee", ""))
                  .compose(v -> events.publish(EventType.CONVERSATION_UPDATED, id + ":" + after.get("version"), new JsonObject()
                          .put("conversationId", id)
                          .put("changes", patch)
                          .put("actor", principal.actor()))))
              .compose(v -> load(id));
        })
        .onSuccess(view -> {
          ctx.response().putHeader("ETag", view.etag());
          Responses.json(ctx, 200, view.body());
        })
        .onFailure(ctx::fail);
  }

  private Future<Void> apply(String id, JsonObject patch) {
    Map<String, String> changes = new HashMap<>();
    if (patch.containsKey("status")) {
      changes.put("status", patch.getString("status"));
    }
    if (patch.containsKey("tags")) {
      changes.put("tags", patch.getJsonArray("tags").encode());
    }
    String assignee = patch.getString("assignee");
    if (assignee != null && !assignee.isEmpty()) {
      changes.put("assignee", assignee);
    }
    Future<Void> update = changes.isEmpty() ? Future.succeededFuture() : conversations.update(id, changes);
    return "".equals(assignee) ? update.compose(v -> conversations.removeField(id, "assignee")) : update;
  }

  /** A conversation as the API shows it, with its ETag. */
  record View(JsonObject body, String etag) {}

  Future<View> load(String id) {
    return conversations.fields(id).compose(fields -> {
      if (fields.isEmpty()) {
        return Future.failedFuture(ApiProblem.notFound("conversation " + id));
      }
      String customerId = fields.get("customerId");
      boolean known = customerId != null && !customerId.isEmpty();
      return Future.all(conversations.messages(id, MAX_MESSAGES),
              known ? customers.fields(customerId) : Future.succeededFuture(Map.<String, String>of()),
              known ? customers.identities(customerId) : Future.succeededFuture(Map.<String, String>of()))
          .map(all -> {
            List<JsonObject> messages = all.resultAt(0);
            Map<String, String> customer = all.resultAt(1);
            Map<String, String> identities = all.resultAt(2);
            JsonObject body = ConversationJson.summary(fields, customer.get("name"))
                .put("messages", new JsonArray(messages));
            if (known) {
              body.put("customer", customerSummary(customerId, customer, identities));
            }
            return new View(body, ConversationJson.etag(fields));
          });
    });
  }

  private static JsonObject customerSummary(String id, Map<String, String> customer, Map<String, String> identities) {
    JsonObject summary = new JsonObject()
        .put("id", id)
        .put("identities", new JsonArray(identities.keySet().stream().sorted().toList()));
    if (customer.get("name") != null) {
      summary.put("name", customer.get("name"));
    }
    return summary;
  }

  private Future<JsonArray> withCustomerNames(List<Map<String, String>> items) {
    List<Future<Map<String, String>>> owners = items.stream()
        .map(fields -> fields.getOrDefault("customerId", "").isEmpty()
            ? Future.succeededFuture(Map.<String, String>of())
            : customers.fields(fields.get("customerId")))
        .toList();
    return Future.all(owners).map(loaded -> {
      JsonArray array = new JsonArray();
      for (int i = 0; i < items.size(); i++) {
        Map<String, String> customer = loaded.resultAt(i);
        array.add(ConversationJson.summary(items.get(i), customer.get("name")));
      }
      return array;
    });
  }

  private static String pathId(RoutingContext ctx) {
    return ContractValidation.validated(ctx).getPathParameters().get("conversationId").getString();
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listConversations", this::list,
        "getConversation", this::get,
        "updateConversation", this::update,
        "replyToConversation", this::reply,
        "addConversationNote", this::note);
  }
}
