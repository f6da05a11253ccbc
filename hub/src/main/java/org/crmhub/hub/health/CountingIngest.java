package org.crmhub.hub.health;

import io.vertx.core.Future;
import org.crmhub.connector.AcceptedContact;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Ingest;
import org.crmhub.hub.failure.Backlogged;

/** The hub's one way in for contacts, counted: every channel and the API accept through it. */
public final class CountingIngest implements Ingest {

  private final Ingest ingest;
  private final HubMetrics metrics;

  public CountingIngest(Ingest ingest, HubMetrics metrics) {
    this.ingest = ingest;
    this.metrics = metrics;
  }

  @Override
  public Future<AcceptedContact> accept(InboundContact contact) {
    return ingest.accept(contact)
        .onSuccess(accepted -> metrics.contactAccepted(contact.channel(), accepted.duplicate()))
        .onFailure(failure -> {
          if (failure instanceof Backlogged) {
            metrics.contactRefusedBacklogFull(contact.channel());
          }
        });
  }
}
