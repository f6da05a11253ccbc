package org.crmhub.hub.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Sender;
import org.crmhub.connector.ThreadHints;
import org.crmhub.hub.Ids;
import org.crmhub.hub.async.Polling;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.reply.ReplyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode: fills an empty hub with customers writing on every channel, through the same door
 * connectors use ({@link Ingest#accept}), so identity linking, threading and sentiment run as
 * they would for real; then adds a few staff replies. A hub that already holds events is left alone.
 */
public final class DemoData {

  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);
  private static final long FILED_TIMEOUT_MS = 30_000;
  private static final long POLL_MS = 100;

  private final Vertx vertx;
  private final Redis redis;
  private final Ingest ingest;
  private final ConversationStore conversations;
  private final InboxIndex inbox;
  private final IdentityNormalizer normalizer;

  public DemoData(Vertx vertx, Redis redis, Ingest ingest, ConversationStore conversations, InboxIndex inbox,
      IdentityNormalizer normalizer) {
    this.vertx = vertx;
    this.redis = redis;
    this.ingest = ingest;
    this.conversations = conversations;
    this.inbox = inbox;
    this.normalizer = normalizer;
  }

  /** One scripted contact, and the staff answer to it (null for none yet). */
  private record Scene(InboundContact contact, String reply) {}

  /** Seeds unless the hub has seen any event; completes with the number of contacts sent in. */
  public Future<Integer> seedIfEmpty() {
    return redis.call(c -> c.xlen(DomainEvents.STREAM)).compose(events -> {
      if (events > 0) {
        LOG.info("demo mode: the data dir holds data already, nothing added");
        return Future.succeededFuture(0);
      }
      List<Scene> scenes = scenes(Instant.now());
      Future<Void> chain = Future.succeededFuture();
      // one after another, so a customer's second contact finds the record the first one made
      for (Scene scene : scenes) {
        chain = chain.compose(v -> play(scene));
      }
      return chain.map(scenes.size())
          .onSuccess(count -> LOG.info("demo mode: {} contacts on every channel added; sign in and open the inbox", count));
    });
  }

  private Future<Void> play(Scene scene) {
    return ingest.accept(scene.contact())
        .compose(this::filedIn)
        .compose(conversationId -> scene.reply() == null ? Future.succeededFuture() : reply(conversationId, scene));
  }

  /** Waits (bounded) until the pipeline has filed the contact; answers its conversation. */
  private Future<String> filedIn(AcceptedContact accepted) {
    String contactId = accepted.contactId();
    // a failed read is asked again, as one that finds nothing yet
    return Polling.firstAnswer(vertx, POLL_MS, FILED_TIMEOUT_MS,
            () -> conversations.conversationOfContact(contactId).otherwise((String) null))
        .compose(conversationId -> conversationId != null ? Future.succeededFuture(conversationId)
            : Future.failedFuture("demo contact " + contactId + " was not filed in time"));
  }

  /** A staff reply as the hub records one; demo mode has no channel to send it on, so none is sent. */
  private Future<Void> reply(String conversationId, Scene scene) {
    InboundContact answered = scene.contact();
    Identity to = answered.from().identities().get(0);
    JsonObject message = new JsonObject()
        .put("id", Ids.next("rp"))
        .put("direction", "outbound")
        .put("channel", answered.channel() == Channel.PHONE ? Channel.SMS.wireName() : answered.channel().wireName())
        .put("to", to.key())
        .put("text", scene.reply())
        .put("sentBy", "staff:admin")
        .put("status", "sent")
        .put("receivedAt", answered.receivedAt().plus(Duration.ofMinutes(12)).toString())
        .put("metadata", new JsonObject().put("demo", true).put(ReplyService.RECORDED_ONLY, true));
    return conversations.addMessage(conversationId, message, scene.reply().lines().findFirst().orElse(""),
            "outbound", 0, false)
        .compose(added -> inbox.index(added.conversation(), null));
  }

  private List<Scene> scenes(Instant now) {
    List<Scene> scenes = new ArrayList<>();
    scenes.add(new Scene(email(now.minus(Duration.ofHours(30)), "maria.garcia@example.com", "+1 415 555 0134", "María García",
        "Invoice #4471 charged twice",
        "Hi, my card was charged twice for invoice #4471 this month. Can you refund the duplicate, please?",
        "<p>Hi,</p><p>my card was charged <b>twice</b> for invoice #4471 this month.</p>"
            + "<p>Can you refund the duplicate, please?</p><p><img src=\"https://tracker.example.com/open.gif\" alt=\"\"></p>"),
        "Sorry about that, María. The duplicate charge is refunded; you'll see it in 3-5 business days."));
    scenes.add(new Scene(contact(Channel.SMS, now.minus(Duration.ofHours(26)), phone("+1 415 555 0134"), "María García",
        null, "Thanks for the refund! All good now 🙂"), null));
    scenes.add(new Scene(contact(Channel.X, now.minus(Duration.ofHours(20)), id(IdentityType.X, "1456789012"), "@tomfixes",
        null, "@acme_support your app keeps logging me out every 5 minutes. Still not fixed after the update. So annoying."),
        "Hi Tom, that's not right. Could you DM us your app version? We'll look into it today."));
    scenes.add(new Scene(contact(Channel.MESSENGER, now.minus(Duration.ofHours(9)), id(IdentityType.META, "3344556677"), "Aisha Khan",
        null, "Hello! Do you ship to Canada? I'd love to order the blue backpack."), null));
    scenes.add(new Scene(contact(Channel.INSTAGRAM, now.minus(Duration.ofHours(7)), id(IdentityType.META, "9988776655"), "Lena Vogel",
        null, "Love the new collection!! The green jacket is amazing 😍"),
        "Thank you Lena! 💚 It's back in stock in all sizes."));
    scenes.add(new Scene(new InboundContact(Channel.PHONE, "demo-call-" + Ids.randomToken(6),
        new Sender(List.of(phone("+1 212 555 0187")), "Robert Chen"), null,
        "Voicemail: Hi, this is Robert Chen. My order hasn't arrived and the tracking hasn't moved in a week. "
            + "This is really frustrating, please call me back.",
        null, "demo-call", now.minus(Duration.ofHours(4)), new JsonObject().put("menu", "billing")), null));
    scenes.add(new Scene(onTopic(email(now.minus(Duration.ofHours(3)), "robert.chen@example.net", null, "Robert Chen",
        "Order 10-2290 still not delivered",
        "I called earlier. Order 10-2290 still shows 'in transit' after 8 days. I want a refund if it isn't here by Friday.",
        null), ROBERTS_TOPIC), null));
    // the number he called from, in his signature: two records now claim his identities, a merge suggestion
    scenes.add(new Scene(onTopic(email(now.minus(Duration.ofMinutes(150)), "robert.chen@example.net", "+1 212 555 0187",
        "Robert Chen", "Re: Order 10-2290 still not delivered",
        "Forgot to say: you can reach me on +1 212 555 0187, that's the number I called from.", null), ROBERTS_TOPIC),
        null));
    scenes.add(new Scene(contact(Channel.PORTAL, now.minus(Duration.ofHours(2)), id(IdentityType.PORTAL, "acct_jdoe"), "Jamie Doe",
        "Change delivery address", "Please change the delivery address of my open order to 12 Elm Street, Springfield."),
        "Done, Jamie: the address is updated and the courier has it."));
    scenes.add(new Scene(contact(Channel.API, now.minus(Duration.ofMinutes(50)), email("ops@northwind.example"), "Northwind Ops",
        "Bulk order quote", "We'd like a quote for 250 units of SKU BP-200 delivered to our Chicago warehouse."), null));
    scenes.add(new Scene(email(now.minus(Duration.ofMinutes(25)), "kenji.sato@example.jp", null, "Kenji Sato",
        "Great service",
        "Just wanted to say thanks - the replacement arrived quickly and works perfectly. Great support team!",
        null), null));
    scenes.add(new Scene(contact(Channel.SMS, now.minus(Duration.ofMinutes(10)), phone("+1 646 555 0199"), null,
        null, "cancel my account. third time the delivery is late, worst experience ever"), null));
    return scenes;
  }

  private InboundContact email(Instant at, String address, String phoneNumber, String name, String subject, String text,
      String html) {
    List<Identity> identities = new ArrayList<>(List.of(email(address)));
    if (phoneNumber != null) {
      identities.add(phone(phoneNumber));
    }
    return new InboundContact(Channel.EMAIL, "<demo-" + Ids.randomToken(9) + "@mail.example>",
        new Sender(identities, name), subject, text, html, null, at, new JsonObject());
  }

  private static final String ROBERTS_TOPIC = "order 10-2290 still not delivered";

  /** The contact with the thread hint an email connector gives: the same customer on the same subject joins up. */
  private static InboundContact onTopic(InboundContact contact, String topic) {
    JsonObject metadata = contact.metadata().copy()
        .put(ThreadHints.FIELD, new ThreadHints(List.of(), null, topic, Duration.ofDays(3).toSeconds()).toJson());
    return new InboundContact(contact.channel(), contact.externalId(), contact.from(), contact.subject(), contact.text(),
        contact.html(), contact.threadKey(), contact.receivedAt(), metadata);
  }

  private InboundContact contact(Channel channel, Instant at, Identity from, String name, String subject, String text) {
    return new InboundContact(channel, "demo-" + Ids.randomToken(9), new Sender(List.of(from), name), subject, text,
        null, null, at, new JsonObject());
  }

  private Identity email(String address) {
    return normalizer.normalize(IdentityType.EMAIL, address);
  }

  private Identity phone(String number) {
    return normalizer.normalize(IdentityType.PHONE, number);
  }

  private Identity id(IdentityType type, String value) {
    return normalizer.normalize(type, value);
  }
}
