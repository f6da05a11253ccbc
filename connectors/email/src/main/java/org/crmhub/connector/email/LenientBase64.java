package org.crmhub.connector.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A base64 body with lines that are not base64 (a mailing list footer, a broken relay): those
 * lines are skipped and the rest decoded, instead of the whole part being shown as sent.
 */
final class LenientBase64 {

  private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final int MAX_SOURCE_BYTES = 2 * MailReader.MAX_TEXT_BYTES;

  private LenientBase64() {}

  /** The decoded content of a base64 part that has lines that are not base64; otherwise null. */
  static byte[] salvage(Part part) throws MessagingException, IOException {
    if (!(part instanceof MimePart mime) || !"base64".equals(encoding(mime))) {
      return null;
    }
    String raw;
    try (InputStream in = part instanceof MimeBodyPart body ? body.getRawInputStream()
        : ((MimeMessage) part).getRawInputStream()) {
      raw = new String(in.readNBytes(MAX_SOURCE_BYTES), StandardCharsets.ISO_8859_1);
    }
    StringBuilder kept = new StringBuilder(raw.length());
    boolean skipped = false;
    for (String line : raw.split("\r?\n")) {
      String stripped = line.strip();
      if (BASE64_LINE.matcher(stripped).matches() && stripped.length() % 4 != 1) {
        kept.append(stripped);
      } else {
        skipped = true;
      }
    }
    if (!skipped) {
      return null;
    }
    String clean = kept.toString().replace("=", "");
    if (clean.length() % 4 == 1) {
      clean = clean.substring(0, clean.length() - 1);
    }
    return Base64.getDecoder().decode(clean + "==".substring(0, (4 - clean.length() % 4) % 4));
  }

  private static String encoding(MimePart part) {
    try {
      String encoding = part.getEncoding();
      return encoding == null ? null : encoding.strip().toLowerCase(Locale.ROOT);
    } catch (MessagingException | RuntimeException unreadable) {
      return null;
    }
  }
}
