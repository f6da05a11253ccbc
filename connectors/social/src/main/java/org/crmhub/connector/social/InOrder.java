package org.crmhub.connector.social;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;

/**
 * Hands contacts to the hub one after another, oldest first, running {@code afterEach} (saving an
 * offset, say) once each is durable; the first failure stops the rest, so an offset never passes
 * a contact that was not accepted.
 */
public final class InOrder {

  private InOrder() {}

  public static Future<Integer> accept(Ingest ingest, List<InboundContact> contacts,
      Function<InboundContact, Future<Void>> afterEach) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (InboundContact contact : contacts) {
      chain = chain.compose(count -> ingest.accept(contact)
          .compose((AcceptedContact accepted) -> afterEach.apply(contact))
          .map(v -> count + 1));
    }
    return chain;
  }

  public static Future<Integer> accept(Ingest ingest, List<InboundContact> contacts) {
    return accept(ingest, contacts, contact -> Future.succeededFuture());
  }
}
