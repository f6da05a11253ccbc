package org.crmhub.portal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Mails through an SMTP server given as {@code smtp://user:password@host:port} (STARTTLS required,
 * except to a relay on this machine) or {@code smtps://…}.
 */
public final class SmtpMailer implements Mailer {

  private final MailClient client;
  private final String from;

  public SmtpMailer(Vertx vertx, String smtpUrl, String from) {
    this.client = MailClient.createShared(vertx, config(smtpUrl), "crmhub-portal-mail");
    this.from = from;
  }

  static MailConfig config(String smtpUrl) {
    URI uri = URI.create(smtpUrl);
    boolean tls = "smtps".equalsIgnoreCase(uri.getScheme());
    if (!tls && !"smtp".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("PORTAL_SMTP_URL must start with smtp:// or smtps://");
    }
    // smtp:// must upgrade with STARTTLS, so no one on the path can strip it and read the login;
    // only a relay on this machine may be spoken to in plain text
    MailConfig config = new MailConfig()
        .setHostname(uri.getHost())
        .setPort(uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25)
        .setSsl(tls)
        .setStarttls(tls ? StartTLSOptions.DISABLED
            : isLoopback(uri.getHost()) ? StartTLSOptions.OPTIONAL : StartTLSOptions.REQUIRED);
    if (uri.getRawUserInfo() != null) {
      String[] credentials = uri.getRawUserInfo().split(":", 2);
      config.setLogin(LoginOption.REQUIRED)
          .setUsername(URLDecoder.decode(credentials[0], StandardCharsets.UTF_8))
          .setPassword(credentials.length > 1 ? URLDecoder.decode(credentials[1], StandardCharsets.UTF_8) : "");
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    return config;
  }

  private static boolean isLoopback(String host) {
    return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
        || host.equals("::1"));
  }

  @Override
  public Future<Void> send(String to, String subject, String text) {
    return client.sendMail(new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text)).mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }
}
