package org.crmhub.portal;

import io.vertx.core.Future;

/** Sends the portal's mails (verification and reset links). */
public interface Mailer {

  Future<Void> send(String to, String subject, String text);
}
