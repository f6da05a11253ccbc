package org.crmhub.hub.health;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters exposed at /metrics in the Prometheus text format. */
public final class HubMetrics {

  private final LongAdder accepted = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongSupplier processed;

  public HubMetrics(LongSupplier processed) {
    this.processed = processed;
  }

  public void contactAccepted(boolean duplicate) {
    (duplicate ? duplicates : accepted).increment();
  }

  public String prometheusText(long ingestBacklog) {
    StringBuilder text = new StringBuilder();
    counter(text, "crmhub_contacts_accepted_total", "Contacts accepted and queued for processing.", accepted.sum());
    counter(text, "crmhub_contacts_duplicate_total", "Contacts refused as duplicates of an earlier one.", duplicates.sum());
    counter(text, "crmhub_contacts_processed_total", "Contacts this hub processed into conversations.", processed.getAsLong());
    text.append("# HELP crmhub_ingest_backlog Entries waiting in the ingest streams.\n")
        .append("# TYPE crmhub_ingest_backlog gauge\n")
        .append("crmhub_ingest_backlog ").append(ingestBacklog).append('\n');
    return text.toString();
  }

  private static void counter(StringBuilder text, String name, String help, long value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(" counter\n")
        .append(name).append(' ').append(value).append('\n');
  }
}
