package org.crmhub.hub.testing;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crmhub.portal.Mailer;

/** Keeps every mail instead of sending it, for tests to read links from. */
public final class RecordingMailer implements Mailer {

  /** One mail as it would have been sent. */
  public record Mail(String to, String subject, String text) {}

  private final List<Mail> sent = new CopyOnWriteArrayList<>();

  @Override
  public Future<Void> send(String to, String subject, String text) {
    sent.add(new Mail(to, subject, text));
    return Future.succeededFuture();
  }

  /** Mails to this address (compared ignoring case), oldest first. */
  public List<Mail> to(String address) {
    return sent.stream().filter(mail -> mail.to().equalsIgnoreCase(address)).toList();
  }
}
