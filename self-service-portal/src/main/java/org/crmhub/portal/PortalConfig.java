package org.crmhub.portal;

import java.time.Duration;
import java.util.Map;
import org.crmhub.connector.Environment;

/**
 * The portal's settings (environment names in the README).
 *
 * @param hubUrl where the hub's API is, e.g. {@code http://127.0.0.1:8080}
 * @param apiKey an API key with the {@code portal} scope
 * @param redisUrl the Redis that keeps portal sessions and rate-limit counters
 * @param publicUrl how customers reach the portal; links in mails start with it, and an
 *     {@code https} URL makes cookies Secure
 * @param smtpUrl {@code smtp://user:password@host:port} or {@code smtps://…}; null logs links instead
 * @param signInAttempts sign-in attempts per (email, client address) per window before 429; an email
 *     gets {@value #SIGN_IN_EMAIL_FACTOR} times as many from all addresses, an address
 *     {@value #SIGN_IN_ADDRESS_FACTOR} times as many over all emails
 * @param signUpAttempts sign-ups per client address per window before 429
 */
public record PortalConfig(
    String host,
    int port,
    String hubUrl,
    String apiKey,
    String redisUrl,
    String publicUrl,
    String smtpUrl,
    String mailFrom,
    int signInAttempts,
    int signUpAttempts,
    Duration rateWindow,
    Duration sessionLifetime) {

  public static final int SIGN_IN_EMAIL_FACTOR = 10;
  public static final int SIGN_IN_ADDRESS_FACTOR = 5;

  /**
   * How the portal's mails are sent and what their links start with. The hub reads the same
   * settings: it mails the password-reset links itself, so their tokens never cross its API.
   */
  public record MailSettings(String publicUrl, String smtpUrl, String mailFrom) {

    public static MailSettings fromEnvironment(Environment env) {
      int port = env.wholeNumber("PORTAL_PORT", 8081);
      return new MailSettings(stripSlash(env.text("PORTAL_PUBLIC_URL", "http://localhost:" + port)),
          env.text("PORTAL_SMTP_URL"),
          env.text("PORTAL_MAIL_FROM", "crm-hub portal <no-reply@localhost>"));
    }

    /** Through PORTAL_SMTP_URL, or into the log when it is unset. */
    public Mailer mailer(io.vertx.core.Vertx vertx) {
      return smtpUrl != null ? new SmtpMailer(vertx, smtpUrl, mailFrom) : new LogMailer();
    }
  }

  /** Fallbacks for the hub connection, which a hub starting the portal in-process supplies. */
  public record HubLink(String hubUrl, String apiKey, String redisUrl) {}

  public static PortalConfig fromEnvironment(Map<String, String> variables, HubLink defaults) {
    Environment env = new Environment(variables);
    MailSettings mail = MailSettings.fromEnvironment(env);
    return new PortalConfig(
        env.text("PORTAL_HOST", env.text("CRMHUB_HOST", "0.0.0.0")),
        env.wholeNumber("PORTAL_PORT", 8081),
        required(env, "PORTAL_HUB_URL", defaults == null ? null : defaults.hubUrl()),
        required(env, "PORTAL_API_KEY", defaults == null ? null : defaults.apiKey()),
        required(env, "PORTAL_REDIS_URL", env.text("REDIS_URL", defaults == null ? null : defaults.redisUrl())),
        mail.publicUrl(),
        mail.smtpUrl(),
        mail.mailFrom(),
        env.wholeNumber("PORTAL_SIGN_IN_ATTEMPTS", 10),
        env.wholeNumber("PORTAL_SIGN_UP_ATTEMPTS", 10),
        env.seconds("PORTAL_RATE_WINDOW_SECONDS", Duration.ofSeconds(900)),
        Duration.ofHours(env.wholeNumber("PORTAL_SESSION_HOURS", 8)));
  }

  public MailSettings mailSettings() {
    return new MailSettings(publicUrl, smtpUrl, mailFrom);
  }

  public boolean secureCookies() {
    return publicUrl.startsWith("https://");
  }

  public PortalConfig withPort(int newPort) {
    return new PortalConfig(host, newPort, hubUrl, apiKey, redisUrl, publicUrl, smtpUrl, mailFrom,
        signInAttempts, signUpAttempts, rateWindow, sessionLifetime);
  }

  private static String required(Environment env, String name, String fallback) {
    String value = env.text(name) != null ? env.text(name).trim() : fallback;
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set when the portal runs on its own");
    }
    return value;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
