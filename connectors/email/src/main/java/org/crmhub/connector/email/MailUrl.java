package org.crmhub.connector.email;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A mail server URL ({@code imaps://user:password@host:993/INBOX}, {@code smtp://user:password@host:587}).
 * {@link #toString()} masks the password, so a URL can go into a log line or a health report.
 *
 * @param secure true for the implicit-TLS schemes (imaps, smtps); the plain schemes use STARTTLS
 * @param folder the IMAP folder ({@code INBOX} when the URL names none); null for SMTP
 */
public record MailUrl(String scheme, boolean secure, String host, int port, String user, String password,
    String folder) {

  /** @throws IllegalArgumentException naming what is wrong, never echoing the password */
  public static MailUrl parse(String raw, String setting) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException(setting + " is missing");
    }
    URI uri;
    try {
      uri = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(setting + " is not a URL (percent-encode special characters in the password)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean imap = scheme.equals("imap") || scheme.equals("imaps");
    boolean smtp = scheme.equals("smtp") || scheme.equals("smtps");
    if (!imap && !smtp) {
      throw new IllegalArgumentException(setting + " must start with imap://, imaps://, smtp:// or smtps://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(setting + " names no host");
    }
    boolean secure = scheme.endsWith("s");
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    String folder = null;
    if (imap) {
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
      folder = path.isEmpty() ? "INBOX" : path;
    }
    return new MailUrl(scheme, secure, uri.getHost(), port, user, password, folder);
  }

  public boolean isImap() {
    return scheme.startsWith("imap");
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "imaps" -> 993;
      case "imap" -> 143;
      case "smtps" -> 465;
      default -> 587;
    };
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Replaces the password wherever it appears in {@code text} (a server's error may echo it). */
  public String mask(String text) {
    if (text == null || password == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "***");
  }

  @Override
  public String toString() {
    return scheme + "://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + host + ":" + port
        + (folder == null ? "" : "/" + folder);
  }
}
