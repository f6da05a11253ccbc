package org.crmhub.connector.testkit;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crmhub.connector.DeliveryReports;

/** Keeps every delivery report (a late send, a failure, a bounce), in order. */
public final class RecordingDeliveryReports implements DeliveryReports {

  public record Report(String conversationId, String replyId, Status status, String detail) {}

  private final List<Report> reports = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> report(String conversationId, String replyId, Status status, String detail) {
    reports.add(new Report(conversationId, replyId, status, detail));
    return Future.succeededFuture();
  }

  public List<Report> reports() {
    return List.copyOf(reports);
  }
}
