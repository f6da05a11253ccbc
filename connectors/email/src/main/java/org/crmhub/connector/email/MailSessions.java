package org.crmhub.connector.email;

import jakarta.mail.Session;
import java.time.Duration;
import java.util.Properties;

/**
 * Jakarta Mail sessions for a mailbox: TLS as the URL says (imaps/smtps: implicit TLS; imap/smtp:
 * STARTTLS, required unless plaintext is allowed), server identity checked, timeouts on every
 * socket, and lenient MIME parsing so malformed mail is read rather than refused.
 */
final class MailSessions {

  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int IO_TIMEOUT_MS = 60_000;

  private MailSessions() {}

  /** @param idleRenew a read may wait this long in IDLE, so the socket timeout is longer */
  static Session imap(MailUrl url, boolean allowPlaintext, Duration idleRenew) {
    Properties props = base();
    String p = "mail." + url.scheme();
    props.put("mail.store.protocol", url.scheme());
    props.put(p + ".host", url.host());
    props.put(p + ".port", Integer.toString(url.port()));
    props.put(p + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    props.put(p + ".timeout", Long.toString(Math.max(IO_TIMEOUT_MS, idleRenew.toMillis() + IO_TIMEOUT_MS)));
    props.put(p + ".writetimeout", Integer.toString(IO_TIMEOUT_MS));
    // read with BODY.PEEK: a message becomes \Seen only once the hub has accepted it
    props.put(p + ".peek", "true");
    props.put(p + ".fetchsize", Integer.toString(1024 * 1024));
    tls(props, p, url, allowPlaintext);
    return Session.getInstance(props);
  }

  static Session smtp(MailUrl url, boolean allowPlaintext, String envelopeFrom) {
    Properties props = base();
    String p = "mail." + url.scheme();
    props.put("mail.transport.protocol", url.scheme());
    props.put(p + ".host", url.host());
    props.put(p + ".port", Integer.toString(url.port()));
    props.put(p + ".auth", Boolean.toString(url.user() != null));
    props.put(p + ".from", envelopeFrom);
    props.put(p + ".connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    props.put(p + ".timeout", Integer.toString(IO_TIMEOUT_MS));
    props.put(p + ".writetimeout", Integer.toString(IO_TIMEOUT_MS));
    tls(props, p, url, allowPlaintext);
    return Session.getInstance(props);
  }

  /** A session for parsing mail that never connects anywhere. */
  static Session parsing() {
    return Session.getInstance(base());
  }

  private static Properties base() {
    Properties props = new Properties();
    props.put("mail.mime.allowutf8", "true");
    props.put("mail.mime.address.strict", "false");
    props.put("mail.mime.decodetext.strict", "false");
    props.put("mail.mime.parameters.strict", "false");
    props.put("mail.mime.base64.ignoreerrors", "true");
    props.put("mail.mime.uudecode.ignoreerrors", "true");
    props.put("mail.mime.uudecode.ignoremissingbeginend", "true");
    props.put("mail.mime.multipart.ignoremissingendboundary", "true");
    props.put("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    props.put("mail.mime.ignoreunknownencoding", "true");
    props.put("mail.mime.charset", "UTF-8");
    return props;
  }

  private static void tls(Properties props, String p, MailUrl url, boolean allowPlaintext) {
    if (url.secure()) {
      props.put(p + ".ssl.enable", "true");
      props.put(p + ".ssl.checkserveridentity", "true");
      return;
    }
    props.put(p + ".starttls.enable", "true");
    props.put(p + ".starttls.required", Boolean.toString(!allowPlaintext));
    props.put(p + ".ssl.checkserveridentity", "true");
  }
}
