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
    try (InputStream in = rawStream(part)) {
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

  /**
   * A base64 part's content decoded whole: clean base64 in one pass of the JDK's MIME decoder, which
   * on an attachment of megabytes is many times faster than Jakarta Mail's decoding stream (a byte
   * at a time); otherwise {@code lenient}: every byte outside the base64 alphabet, stray padding
   * included, skipped and the rest decoded, where Jakarta Mail's stream gives up on the part.
   */
  record Decoded(byte[] bytes, boolean lenient) {}

  /**
   * @return null when the part is not base64, or its content may be over {@code limit} (the caller
   *     counts what it cannot keep)
   */
  static Decoded decode(Part part, long limit) throws MessagingException, IOException {
    if (!(part instanceof MimePart mime) || !"base64".equals(encoding(mime))) {
      return null;
    }
    // base64 takes 4 bytes for 3, plus line breaks (CRLF every 76) and a little slack
    long mostRaw = Math.min(Integer.MAX_VALUE - 16L, limit / 3 * 4 * 78 / 76 + 4096);
    byte[] raw;
    try (InputStream in = rawStream(part)) {
      raw = in.readNBytes((int) mostRaw);
      if (in.read() != -1) {
        return null;
      }
    }
    Decoded decoded;
    try {
      decoded = new Decoded(Base64.getMimeDecoder().decode(raw), false);
    } catch (IllegalArgumentException notClean) {
      decoded = new Decoded(Base64.getDecoder().decode(alphabetOnly(raw)), true);
    }
    return decoded.bytes().length <= limit ? decoded : null;
  }

  /** The base64 alphabet's bytes of {@code raw}, padding dropped, then padded to whole quanta again. */
  private static byte[] alphabetOnly(byte[] raw) {
    byte[] kept = new byte[raw.length + 2];
    int length = 0;
    for (byte b : raw) {
      if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/') {
        kept[length++] = b;
      }
    }
    // a single character left over encodes no whole byte
    if (length % 4 == 1) {
      length--;
    }
    while (length % 4 != 0) {
      kept[length++] = '=';
    }
    return java.util.Arrays.copyOf(kept, length);
  }

  private static InputStream rawStream(Part part) throws MessagingException {
    return part instanceof MimeBodyPart body ? body.getRawInputStream() : ((MimeMessage) part).getRawInputStream();
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
