package org.crmhub.connector.email;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Connector;
import org.crmhub.connector.ConnectorContext;
import org.crmhub.connector.Environment;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.OutboundReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email channel: each configured mailbox is read over IMAP by a {@link MailboxPoller} and
 * answered over SMTP by an {@link SmtpSender}. Off (a no-op) when no mailbox is configured.
 */
public final class EmailConnector implements Connector {

  private static final Logger LOG = LoggerFactory.getLogger(EmailConnector.class);
  private static final String TOKEN_SECRET_KEY = "replyTokenSecret";

  private final List<MailboxPoller> pollers = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Senders by mailbox address, in configuration order (the first answers when none is named). */
  private final Map<String, SmtpSender> senders = new LinkedHashMap<>();
  private WorkerExecutor smtpWorkers;

  /**
   * The one-mailbox variables configure the mailbox of {@code CRMHUB_EMAIL_ADDRESS}, overriding
   * its URLs when the channels file lists it too.
   */
  @Override
  public JsonObject withEnvironment(JsonObject section, Environment environment) {
    return EmailSettings.withEnvironment(section, environment);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public Set<Channel> channels() {
    return senders.isEmpty() ? Set.of() : Set.of(Channel.EMAIL);
  }

  @Override
  public Future<Void> start(ConnectorContext context) {
    EmailSettings settings;
    try {
      settings = EmailSettings.from(context.config());
    } catch (IllegalArgumentException misconfigured) {
      return Future.failedFuture(misconfigured);
    }
    if (settings.mailboxes().isEmpty()) {
      LOG.info("email channel off: no mailbox configured (CRMHUB_EMAIL_IMAP_URL or email.mailboxes)");
      return Future.succeededFuture();
    }
    return tokenSecret(context, settings).map(secret -> {
      ReplyTokens tokens = new ReplyTokens(secret);
      smtpWorkers = context.vertx().createSharedWorkerExecutor("crmhub-smtp-" + System.identityHashCode(this), 4);
      for (MailboxSettings mailbox : settings.mailboxes()) {
        if (mailbox.smtp() != null) {
          senders.put(mailbox.address(), new SmtpSender(context.vertx(), smtpWorkers, mailbox,
              new ReplyComposer(mailbox, tokens), settings.sendAttempts(), settings.retryDelay()));
        }
        MailboxPoller poller = new MailboxPoller(context, mailbox, new MailPreparer(mailbox, tokens, settings.subjectWindow(), context.attachments()));
        pollers.add(poller);
        poller.start();
      }
      return null;
    });
  }

  /** The configured secret, or one generated once and shared by every hub through the state. */
  private static Future<String> tokenSecret(ConnectorContext context, EmailSettings settings) {
    if (settings.replyTokenSecret() != null && !settings.replyTokenSecret().isBlank()) {
      return Future.succeededFuture(settings.replyTokenSecret());
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return context.state().putIfAbsent(TOKEN_SECRET_KEY, Base64.getEncoder().encodeToString(random));
  }

  @Override
  public Future<Void> stop() {
    List<Future<Void>> stopped = pollers.stream().map(MailboxPoller::stop).toList();
    return Future.join(stopped).<Void>mapEmpty().otherwiseEmpty()
        .compose(v -> smtpWorkers == null ? Future.succeededFuture() : smtpWorkers.close());
  }

  @Override
  public List<String> leasedSources() {
    return pollers.stream().map(MailboxPoller::source).toList();
  }

  /** Sent from the mailbox the answered mail came to, else from the first that can send. */
  @Override
  public Future<String> send(OutboundReply reply) {
    if (reply.to().type() != IdentityType.EMAIL) {
      return Future.failedFuture(new IllegalArgumentException("an email needs an email address"));
    }
    String mailbox = reply.answered().getString("mailbox");
    SmtpSender sender = mailbox != null && senders.containsKey(mailbox) ? senders.get(mailbox)
        : senders.values().stream().findFirst().orElse(null);
    if (sender == null) {
      return Future.failedFuture(new IllegalStateException("no mailbox with an SMTP server is configured"));
    }
    return sender.send(reply);
  }
}
