package org.crmhub.connector.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crmhub.connector.ChannelHealth;

/** Keeps every health report, in order. */
public final class RecordingChannelHealth implements ChannelHealth {

  /** One report: {@code error} is null for a success. */
  public record Report(String source, String error) {
    public boolean succeeded() {
      return error == null;
    }
  }

  private final List<Report> reports = new CopyOnWriteArrayList<>();

  @Override
  public void succeeded(String source) {
    reports.add(new Report(source, null));
  }

  @Override
  public void failed(String source, String error) {
    reports.add(new Report(source, error == null ? "unknown error" : error));
  }

  public List<Report> reports() {
    return List.copyOf(reports);
  }
}
