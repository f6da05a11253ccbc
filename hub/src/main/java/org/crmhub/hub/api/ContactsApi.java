package org.crmhub.hub.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.Sender;
import org.crmhub.connector.IdentityNormalizer;

/** {@code POST /api/v1/inbound/contacts}: 202 only once the contact is durable. */
public final class ContactsApi {

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
    InboundContact contact = toContact(body);
    ingest.accept(contact)
        .onSuccess(accepted -> Responses.json(ctx, 202, new JsonObject()
            .put("contactId", accepted.contactId())
            .put("duplicate", accepted.duplicate())))
        .onFailure(ctx::fail);
  }

  private InboundContact toContact(JsonObject body) {
    JsonObject from = body.getJsonObject("from");
    List<Identity> identities = new ArrayList<>();
    for (IdentityType type : SENDER_FIELDS) {
      String value = from.getString(type.wireName());
      if (value != null) {
        try {
          identities.add(normalizer.normalize(type, value));
        } catch (IdentityNormalizer.InvalidIdentityException e) {
          throw ApiProblem.badRequest("/from/" + type.wireName(), e.getMessage());
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
}
