package org.crmhub.connector.email;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import org.crmhub.connector.OutboundReply;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies of one mailbox over SMTP on worker threads. A transient failure (no connection,
 * a timeout, a 4xx answer) is retried with a doubling delay, a bounded number of times; a
 * permanent one (5xx, refused login) fails at once with a reason fit for staff, passwords masked.
 */
final class SmtpSender {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final MailboxSettings mailbox;
  private final ReplyComposer composer;
  private final Session session;
  private final int attempts;
  private final Duration firstDelay;

  SmtpSender(Vertx vertx, WorkerExecutor workers, MailboxSettings mailbox, ReplyComposer composer, int attempts,
      Duration firstDelay) {
    this.vertx = vertx;
    this.workers = workers;
    this.mailbox = mailbox;
    this.composer = composer;
    this.session = MailSessions.smtp(mailbox.smtp(), mailbox.allowPlaintext(), mailbox.address());
    this.attempts = attempts;
    this.firstDelay = firstDelay;
  }

  /** @return the sent mail's Message-ID (without brackets) */
  Future<String> send(OutboundReply reply) {
    return workers.<ReplyComposer.Composed>executeBlocking(() -> composer.compose(session, reply), false)
        .compose(composed -> attempt(composed, 1, firstDelay));
  }

  private Future<String> attempt(ReplyComposer.Composed composed, int attempt, Duration delay) {
    return workers.<String>executeBlocking(() -> {
          try (Transport transport = session.getTransport()) {
            transport.connect(mailbox.smtp().host(), mailbox.smtp().port(), mailbox.smtp().user(),
                mailbox.smtp().password());
            transport.sendMessage(composed.message(), composed.message().getAllRecipients());
          }
          return composed.messageId();
        }, false)
        .recover(failure -> {
          String reason = mailbox.mask(String.valueOf(failure.getMessage()));
          if (!isTransient(failure) || attempt >= attempts) {
            LOG.warn("{}: reply {} not sent after {} attempt(s): {}", mailbox.address(), composed.messageId(), attempt, reason);
            return Future.failedFuture(new IllegalStateException("the mail server refused the reply: " + reason));
          }
          LOG.info("{}: sending reply failed ({}), attempt {} of {} in {} ms", mailbox.address(), reason, attempt + 1,
              attempts, delay.toMillis());
          Promise<Void> waited = Promise.promise();
          vertx.setTimer(Math.max(1, delay.toMillis()), id -> waited.complete());
          return waited.future().compose(v -> attempt(composed, attempt + 1, delay.multipliedBy(2)));
        });
  }

  /** 4xx answers and connection trouble may pass; 5xx answers and refused logins will not. */
  private static boolean isTransient(Throwable failure) {
    if (failure instanceof AuthenticationFailedException) {
      return false;
    }
    if (failure instanceof SMTPSendFailedException sendFailed) {
      return sendFailed.getReturnCode() / 100 == 4;
    }
    if (failure instanceof SMTPAddressFailedException addressFailed) {
      return addressFailed.getReturnCode() / 100 == 4;
    }
    if (failure instanceof SendFailedException sendFailed && sendFailed.getNextException() != null) {
      return isTransient(sendFailed.getNextException());
    }
    return failure instanceof MessagingException;
  }
}
