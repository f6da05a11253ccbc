package org.crmhub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Sender;

/** {@code POST /api/v1/inbound/contacts}: 202 only once the contact is durable. */
public final class ContactsApi implements ApiOperations {

  private static final List<IdentityType> SENDER_FIELDS =
      List.of(IdentityType.EMAIL, IdentityType.PHONE, IdentityType.X, IdentityType.META);

  private final Ingest ingest;
  private final IdentityNormalizer normalizer;

  public ContactsApi(Ingest ingest, IdentityNormalizer normalizer) {
    this.ingest = ingest;
    this.normalizer = normalizer;
  }

  public void accept(RoutingContext ctx) {
    JsonObject body = ContractValidation.validated(ctx).getBody().getJsonObject();
    JsonArray unlinked = new JsonArray();
    InboundContact contact = toContact(body, unlinked);
    ingest.accept(contact)
        .onSuccess(accepted -> {
          JsonObject answer = new JsonObject()
              .put("contactId", accepted.contactId())
              .put("duplicate", accepted.duplicate());
          if (!unlinked.isEmpty()) {
            answer.put("unlinked", unlinked);
          }
          Responses.json(ctx, 202, answer);
        })
        .onFailure(ctx::fail);
  }

  /**
   * The contract admits every phone number of a dialable shape, but only possible numbers are
   * identities: the others go to {@code unlinked} and the contact is filed without them, so no
   * message is refused for a sender's odd caller id (a short code, a truncated number).
   */
  private InboundContact toContact(JsonObject body, JsonArray unlinked) {
    JsonObject from = body.getJsonObject("from");
    // the contract says so in words: an anyOf of required-only branches, which would say it in
    // schema, makes generated clients (openapi-generator's Python ones) drop every sender field
    if (SENDER_FIELDS.stream().noneMatch(type -> from.getValue(type.wireName()) != null)) {
      throw ApiProblem.badRequest("/from", "a sender needs at least one of email, phone, x, meta");
    }
    List<Identity> identities = new ArrayList<>();
    for (IdentityType type : SENDER_FIELDS) {
      String value = from.getString(type.wireName());
      if (value != null) {
        String pointer = "/from/" + type.wireName();
        try {
          identities.add(normalizer.normalize(type, value));
        } catch (IdentityNormalizer.InvalidIdentityException e) {
          if (type != IdentityType.PHONE) {
            throw ApiProblem.badRequest(pointer, e.getMessage());
          }
          unlinked.add(new JsonObject().put("pointer", pointer).put("detail", e.getMessage()));
        }
      }
    }
    return new InboundContact(
        Channel.fromWireName(body.getString("channel")),
        body.getString("externalId"),
        new Sender(identities, from.getString("name")),
        body.getString("subject"),
        body.getString("text"),
        body.getString("html"),
        body.getString("threadKey"),
        receivedAt(body.getString("receivedAt")),
        body.getJsonObject("metadata"));
  }

  private static Instant receivedAt(String value) {
    if (value == null) {
      return Instant.now();
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiProblem.badRequest("/receivedAt", "must be an RFC 3339 date-time with offset");
    }
  }

  @Override
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "acceptContact", this::accept);
  }
}
