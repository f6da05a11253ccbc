package org.crmhub.hub.ingest;

import static org.crmhub.hub.JsonFields.putIfPresent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Sender;

/** How an {@link InboundContact} is written into the ingest stream, and read back. */
public final class ContactJson {

  private ContactJson() {}

  public static JsonObject toJson(InboundContact contact) {
    JsonArray identities = new JsonArray();
    contact.from().identities().forEach(identity -> identities.add(identity.key()));
    JsonObject from = new JsonObject().put("identities", identities);
    putIfPresent(from, "name", contact.from().name());
    JsonObject json = new JsonObject()
        .put("channel", contact.channel().wireName())
        .put("externalId", contact.externalId())
        .put("from", from)
        .put("receivedAt", contact.receivedAt().toString())
        .put("metadata", contact.metadata());
    putIfPresent(json, "subject", contact.subject());
    putIfPresent(json, "text", contact.text());
    putIfPresent(json, "html", contact.html());
    putIfPresent(json, "threadKey", contact.threadKey());
    return json;
  }

  /** @throws IllegalArgumentException (or a ClassCastException) when the entry is not a contact */
  public static InboundContact fromJson(JsonObject json) {
    JsonObject from = json.getJsonObject("from");
    List<Identity> identities = new ArrayList<>();
    for (Object key : from.getJsonArray("identities")) {
      identities.add(Identity.parse((String) key));
    }
    return new InboundContact(
        Channel.fromWireName(json.getString("channel")),
        json.getString("externalId"),
        new Sender(identities, from.getString("name")),
        json.getString("subject"),
        json.getString("text"),
        json.getString("html"),
        json.getString("threadKey"),
        Instant.parse(json.getString("receivedAt")),
        json.getJsonObject("metadata"));
  }

}
