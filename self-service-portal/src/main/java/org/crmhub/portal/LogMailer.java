package org.crmhub.portal;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Without mail settings the links are written to the log, so a hub started with no
 * configuration can still be tried out end to end.
 */
public final class LogMailer implements Mailer {

  private static final Logger LOG = LoggerFactory.getLogger(LogMailer.class);

  @Override
  public Future<Void> send(String to, String subject, String text) {
    LOG.warn("\n\n  Portal mail (PORTAL_SMTP_URL is not set, so it is shown here instead of sent)\n"
        + "  To: {}\n  Subject: {}\n\n{}\n", to, subject, text);
    return Future.succeededFuture();
  }
}
