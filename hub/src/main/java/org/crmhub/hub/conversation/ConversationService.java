package org.crmhub.hub.conversation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crmhub.hub.Ids;
import org.crmhub.hub.JsonFields;
import org.crmhub.hub.conversation.ConversationStore.ThreadPage;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.events.EventType;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.failure.Stale;

/**
 * What staff do to conversations and how they see them: notes, status, tags and assignee
 * changes (checked against the version the agent saw), and the views the inbox lists and opens.
 */
public final class ConversationService {

  /** The most messages a conversation is shown with at once (the contract's default too). */
  public static final int MAX_MESSAGES = 1_000;

  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final InboxQuery inboxQuery;
  private final InboxIndex inbox;
  private final DomainEvents events;

  public ConversationService(ConversationStore conversations, CustomerStore customers, InboxQuery inboxQuery,
      InboxIndex inbox, DomainEvents events) {
    this.conversations = conversations;
    this.customers = customers;
    this.inboxQuery = inboxQuery;
    this.inbox = inbox;
    this.events = events;
  }

  /**
   * A conversation as staff see it, with its version tag: its summary and customer (and how many
   * older messages there are than those shown), and its messages as the JSON they are stored as,
   * spliced into the body rather than parsed and encoded again.
   */
  public record View(JsonObject summary, List<String> messagesJson, String etag) {

    /** The whole answer: the summary with {@code messages} added as its last member. */
    public Buffer body() {
      return withArray(summary, "messages", messagesJson);
    }
  }

  /**
   * {@code head} with {@code elements} (each already JSON) added as its last member, written once
   * as UTF-8 into the buffer the response sends: for 1,000 messages half the allocation and half
   * the event loop's time of one String encoded afterwards ({@code bench/inbox/body-cost}).
   */
  static Buffer withArray(JsonObject head, String name, List<String> elements) {
    String headJson = head.encode();
    int size = headJson.length() + name.length() + 8 + elements.stream().mapToInt(String::length).sum()
        + elements.size();
    // sized for ASCII; other text makes it grow
    Buffer body = Buffer.buffer(size);
    body.appendString(head.isEmpty() ? "{" : headJson.substring(0, headJson.length() - 1) + ",");
    // the names are the contract's own ("messages", "items"): nothing to escape
    body.appendString("\"" + name + "\":[");
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendString(elements.get(i));
    }
    return body.appendString("]}");
  }

  /** One page of the inbox, each conversation with its customer's name. */
  public Future<JsonObject> page(InboxFilter filter, InboxOrder order, String cursor, int limit) {
    return inboxQuery.page(filter, order, cursor, limit)
        .compose(page -> withCustomerNames(page.items()).map(items -> {
          JsonObject body = new JsonObject().put("items", items);
          if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
          }
          return body;
        }));
  }

  /** The note as stored: an internal message staff see in the thread and customers never do. */
  public Future<JsonObject> addNote(String id, String text, String actor) {
    return existing(id).compose(conversation -> {
      JsonObject note = new JsonObject()
          .put("id", Ids.next("nt"))
          .put("direction", "internal")
          .put("channel", conversation.channel())
          .put("text", text)
          .put("sentBy", actor)
          .put("receivedAt", Instant.now().toString());
      return conversations.addNote(id, note)
          .compose(v -> events.publish(EventType.NOTE_CREATED, note.getString("id"), new JsonObject()
              .put("conversationId", id)
              .put("message", note)))
          .map(note);
    });
  }

  /**
   * Applies a change of status, tags or assignee (an empty assignee unassigns).
   *
   * @param seenVersion the version tag the change was made against, or null to change whatever is current
   */
  public Future<View> update(String id, JsonObject patch, String seenVersion, String actor) {
    return existing(id).compose(before -> {
      if (seenVersion != null && !seenVersion.equals(before.etag())) {
        return Future.failedFuture(new Stale("the conversation changed since you read it; reload and try again"));
      }
      return apply(id, patch).compose(v -> existing(id))
          .compose(after -> inbox.index(after, before.assignee())
              .compose(v -> events.publish(EventType.CONVERSATION_UPDATED, id + ":" + after.version(),
                  new JsonObject()
                      .put("conversationId", id)
                      .put("changes", patch)
                      .put("actor", actor))))
          .compose(v -> view(id));
    });
  }

  public Future<View> view(String id) {
    return viewUnlessCurrent(id, null, MAX_MESSAGES, customerId -> Future.succeededFuture());
  }

  /**
   * The conversation with its newest {@code messages} messages and notes, or null when its version
   * is still {@code etag} (what the client has): an unchanged conversation is then answered without
   * reading its messages.
   *
   * @param alongside work that must succeed before the messages are shown (recording who saw them),
   *     given the conversation's customer id (null when unknown) and run while they are read; not
   *     run when nothing is shown
   */
  public Future<View> viewUnlessCurrent(String id, String etag, int messages,
      Function<String, Future<Void>> alongside) {
    return existing(id).compose(conversation -> {
      if (conversation.etag().equals(etag)) {
        return Future.succeededFuture(null);
      }
      String customerId = conversation.customerId();
      boolean known = customerId != null;
      return Future.all(conversations.newestPage(id, Math.min(messages, MAX_MESSAGES)),
              customers.name(customerId),
              known ? customers.identities(customerId) : Future.succeededFuture(Map.<String, String>of()),
              alongside.apply(customerId))
          .map(all -> {
            ThreadPage newest = all.resultAt(0);
            String customerName = all.resultAt(1);
            Map<String, String> identities = all.resultAt(2);
            JsonObject summary = conversation.summary(customerName);
            if (known) {
              summary.put("customer", customerSummary(customerId, customerName, identities));
            }
            summary.put("olderMessages", newest.older());
            return new View(summary, newest.messagesJson(), conversation.etag());
          });
    });
  }

  /**
   * Up to {@code limit} of the conversation's messages and notes just before {@code before}, oldest
   * first, with how many are older still: {@code {"items": [...], "olderMessages": n}}.
   *
   * @param alongside as for {@link #viewUnlessCurrent}: run while the messages are read
   */
  public Future<Buffer> olderMessages(String id, String before, int limit, Function<String, Future<Void>> alongside) {
    return existing(id).compose(conversation -> {
      Future<ThreadPage> page = conversations.pageBefore(id, before, limit);
      return Future.all(page, alongside.apply(conversation.customerId())).compose(both -> page.result() == null
          ? Future.failedFuture(new NotFound("message " + before + " in conversation " + id))
          : Future.succeededFuture(withArray(new JsonObject().put("olderMessages", page.result().older()), "items",
              page.result().messagesJson())));
    });
  }

  private Future<Conversation> existing(String id) {
    return conversations.find(id).compose(conversation -> conversation == null
        ? Future.failedFuture(new NotFound("conversation " + id))
        : Future.succeededFuture(conversation));
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

  private static JsonObject customerSummary(String id, String name, Map<String, String> identities) {
    JsonObject summary = new JsonObject()
        .put("id", id)
        .put("identities", new JsonArray(identities.keySet().stream().sorted().toList()));
    return JsonFields.putIfPresent(summary, "name", name);
  }

  private Future<JsonArray> withCustomerNames(List<Conversation> items) {
    List<Future<String>> owners = items.stream().map(conversation -> customers.name(conversation.customerId())).toList();
    return Future.all(owners).map(loaded -> {
      JsonArray array = new JsonArray();
      for (int i = 0; i < items.size(); i++) {
        array.add(items.get(i).summary(loaded.resultAt(i)));
      }
      return array;
    });
  }
}
