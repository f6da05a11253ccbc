package org.crmhub.portal;

import java.time.Duration;
import java.util.Map;

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

    public static MailSettings fromEnvironment(Map<String, String> env) {
      int port = intValue(env, "PORTAL_PORT", 8081);
      return new MailSettings(stripSlash(env.getOrDefault("PORTAL_PUBLIC_URL", "http://localhost:" + port)),
          blankToNull(env.get("PORTAL_SMTP_URL")),
          env.getOrDefault("PORTAL_MAIL_FROM", "crm-hub portal <no-reply@localhost>"));
    }

    /** Through PORTAL_SMTP_URL, or into the log when it is unset. */
    public Mailer mailer(io.vertx.core.Vertx vertx) {
      return smtpUrl != null ? new SmtpMailer(vertx, smtpUrl, mailFrom) : new LogMailer();
    }
  }

  /** Fallbacks for the hub connection, which a hub starting the portal in-process supplies. */
  public record HubLink(String hubUrl, String apiKey, String redisUrl) {}

  public static PortalConfig fromEnvironment(Map<String, String> env, HubLink defaults) {
    int port = intValue(env, "PORTAL_PORT", 8081);
    MailSettings mail = MailSettings.fromEnvironment(env);
    return new PortalConfig(
        env.getOrDefault("PORTAL_HOST", env.getOrDefault("CRMHUB_HOST", "0.0.0.0")),
        port,
        required(env, "PORTAL_HUB_URL", defaults == null ? null : defaults.hubUrl()),
        required(env, "PORTAL_API_KEY", defaults == null ? null : defaults.apiKey()),
        required(env, "PORTAL_REDIS_URL", firstPresent(env.get("REDIS_URL"), defaults == null ? null : defaults.redisUrl())),
        mail.publicUrl(),
        mail.smtpUrl(),
        mail.mailFrom(),
        intValue(env, "PORTAL_SIGN_IN_ATTEMPTS", 10),
        intValue(env, "PORTAL_SIGN_UP_ATTEMPTS", 10),
        Duration.ofSeconds(intValue(env, "PORTAL_RATE_WINDOW_SECONDS", 900)),
        Duration.ofHours(intValue(env, "PORTAL_SESSION_HOURS", 8)));
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

  private static String required(Map<String, String> env, String name, String fallback) {
    String value = firstPresent(env.get(name), fallback);
    if (value == null) {
      throw new IllegalArgumentException(name + " must be set when the portal runs on its own");
    }
    return value;
  }

  private static String firstPresent(String value, String fallback) {
    return blankToNull(value) != null ? value.trim() : fallback;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static int intValue(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
