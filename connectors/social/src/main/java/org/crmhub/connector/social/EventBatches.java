package org.crmhub.connector.social;

import static org.crmhub.connector.WebhookProblems.problem;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.connector.WebhookProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a provider's signed batch of events (already checked): parses it into contacts, accepts
 * them in order, and answers 200 only once every one is durable; a batch that does not parse is
 * 400, a hub that cannot store it now answers so the provider retries.
 */
public final class EventBatches {

  private static final Logger LOG = LoggerFactory.getLogger(EventBatches.class);

  private EventBatches() {}

  /** @param parse the provider's events to contacts; IllegalArgumentException names what is wrong */
  public static void receive(RoutingContext ctx, Ingest ingest, String provider,
      Function<JsonObject, List<InboundContact>> parse) {
    List<InboundContact> contacts;
    try {
      contacts = parse.apply(new JsonObject(ctx.body().buffer().toString(StandardCharsets.UTF_8)));
    } catch (DecodeException | ClassCastException e) {
      problem(ctx, 400, "Bad request", "the body is not a JSON object");
      return;
    } catch (IllegalArgumentException e) {
      problem(ctx, 400, "Bad request", e.getMessage());
      return;
    }
    InOrder.accept(ingest, contacts)
        .onSuccess(count -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("accepted", count).encode()))
        .onFailure(failure -> {
          LOG.warn("could not accept a {} webhook: {}", provider, failure.toString());
          WebhookProblems.retryLater(ctx);
        });
  }
}
