package org.crmhub.connector.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a mail's MIME source into a {@link ReadMail}, whatever shape it is in: nesting and part
 * count are bounded (deeper or further parts are skipped with a note), unknown charsets and
 * transfer encodings fall back, an unreadable part is noted and skipped, text is capped, and an
 * attachment's content is kept only within the per-attachment and per-message limits.
 */
final class MailReader {

  static final int MAX_DEPTH = 8;
  static final int MAX_PARTS = 100;
  static final int MAX_TEXT_BYTES = 1024 * 1024;
  private static final int MAX_HEADER_CHARS = 998;
  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]{1,250})>");
  private static final Pattern SAFE_CONTENT_TYPE = Pattern.compile("^[a-z0-9!#$&^_.+-]{1,64}/[a-z0-9!#$&^_.+-]{1,128}$");
  private static final List<String> NOISE_HEADERS = List.of("Auto-Submitted", "Precedence", "X-Autoreply",
      "X-Autorespond", "X-Auto-Response-Suppress");

  private final Session session = MailSessions.parsing();
  private final long maxAttachmentBytes;
  private final long maxMessageAttachmentBytes;

  MailReader(long maxAttachmentBytes, long maxMessageAttachmentBytes) {
    this.maxAttachmentBytes = maxAttachmentBytes;
    this.maxMessageAttachmentBytes = maxMessageAttachmentBytes;
  }

  ReadMail read(byte[] source) {
    return read(source, null);
  }

  /** @param note set when the body was not fetched (the mail was over the size limit) */
  ReadMail read(byte[] source, String note) {
    Walk walk = new Walk();
    if (note != null) {
      walk.notes.add(note);
    }
    MimeMessage message;
    try {
      message = new MimeMessage(session, new ByteArrayInputStream(HeaderRepair.separatorLine(source)));
    } catch (MessagingException e) {
      // only an unreadable header block gets here; keep what can be seen as text
      walk.notes.add("the mail could not be parsed as MIME; shown as received");
      String raw = Charsets.decode(java.util.Arrays.copyOf(source, Math.min(source.length, MAX_TEXT_BYTES)), null);
      return new ReadMail(null, List.of(), List.of(), null, null, List.of(), null, null, raw, null, List.of(),
          Map.of(), null, List.of(), List.copyOf(walk.notes));
    }
    walk.part(message, 0);
    Sender sender = sender(message);
    String text = walk.text.length() > 0 ? walk.text.toString() : HtmlBodies.toText(walk.html.length() > 0 ? walk.html.toString() : null);
    if ((text == null || text.isBlank()) && walk.attachments.isEmpty() && walk.report == null) {
      // nothing readable came out: the source itself is what was sent, so nothing is lost
      text = Charsets.decode(java.util.Arrays.copyOf(source, Math.min(source.length, MAX_TEXT_BYTES)), null)
          .replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").strip();
      if (!text.isEmpty()) {
        walk.notes.add("no readable body; the mail is shown as received");
      }
    }
    return new ReadMail(
        firstId(header(message, "Message-ID")),
        ids(header(message, "In-Reply-To")),
        ids(header(message, "References")),
        sender.address(),
        sender.name(),
        recipients(message),
        subject(message),
        sentAt(message),
        text == null ? "" : text,
        walk.html.length() > 0 ? walk.html.toString() : null,
        List.copyOf(walk.attachments),
        noise(message),
        walk.report,
        List.copyOf(walk.embeddedIds),
        List.copyOf(walk.notes));
  }

  private record Sender(String address, String name) {}

  private final class Walk {
    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<ReadMail.Attachment> attachments = new ArrayList<>();
    final Set<String> notes = new LinkedHashSet<>();
    final Set<String> embeddedIds = new LinkedHashSet<>();
    ReadMail.DeliveryReport report;
    int parts;
    long storedBytes;

    void part(Part part, int depth) {
      if (++parts > MAX_PARTS) {
        notes.add("the mail has more than " + MAX_PARTS + " parts; the rest were skipped");
        return;
      }
      if (depth > MAX_DEPTH) {
        notes.add("parts nested deeper than " + MAX_DEPTH + " levels were skipped");
        return;
      }
      HeaderRepair.contentType(part);
      String type = baseType(part);
      try {
        if (type.startsWith("multipart/")) {
          Object content = part.getContent();
          if (content instanceof Multipart multipart) {
            int count = multipart.getCount();
            for (int i = 0; i < count && parts <= MAX_PARTS; i++) {
              BodyPart child = multipart.getBodyPart(i);
              part(child, depth + 1);
            }
          } else {
            attachment(part, "application/octet-stream");
          }
          return;
        }
        boolean attached = isAttachment(part);
        switch (type) {
          // the global types (RFC 6533) are what a server writes for mail sent with SMTPUTF8
          case "message/delivery-status", "message/global-delivery-status" -> report = deliveryReport(readText(part, false));
          case "text/rfc822-headers", "message/global-headers" -> embedded(part);
          case "message/rfc822", "message/global" -> {
            embedded(part);
            attachment(part, type);
          }
          case "text/plain" -> {
            if (attached) {
              attachment(part, type);
            } else {
              appendText(text, readText(part, true));
            }
          }
          case "text/html" -> {
            if (attached) {
              attachment(part, type);
            } else {
              appendText(html, readText(part, true));
            }
          }
          default -> attachment(part, type);
        }
      } catch (MessagingException | IOException | RuntimeException unreadable) {
        notes.add("a " + type + " part could not be read and was skipped");
      }
    }

    private void appendText(StringBuilder into, String more) {
      if (more == null || more.isEmpty()) {
        return;
      }
      if (into.length() > 0) {
        into.append("\n\n");
      }
      into.append(more);
    }

    private String readText(Part part, boolean noteTruncation) throws MessagingException, IOException {
      Bounded read;
      byte[] salvaged = LenientBase64.salvage(part);
      if (salvaged != null) {
        notes.add("lines of a text part that were not base64 were skipped");
      }
      try (InputStream in = salvaged != null ? new ByteArrayInputStream(salvaged) : part.getInputStream()) {
        read = Bounded.read(in, MAX_TEXT_BYTES);
      } catch (MessagingException | IOException undecodable) {
        // an unknown transfer encoding or broken base64: the text as it was sent beats no text
        if (!(part instanceof jakarta.mail.internet.MimePart)) {
          throw undecodable;
        }
        notes.add("a text part could not be decoded and is shown as sent");
        try (InputStream raw = rawStream(part)) {
          read = Bounded.read(raw, MAX_TEXT_BYTES);
        }
      }
      byte[] bytes = read.bytes();
      boolean truncated = read.truncated();
      if (truncated && noteTruncation) {
        notes.add("a text part longer than " + MAX_TEXT_BYTES + " bytes was cut off");
      }
      return Charsets.decode(bytes, parameter(part, "charset"));
    }

    private void embedded(Part part) throws MessagingException, IOException {
      try (InputStream in = part.getInputStream()) {
        InternetHeaders headers = new InternetHeaders(in, true);
        String id = firstId(headers.getHeader("Message-ID", ","));
        if (id != null) {
          embeddedIds.add(id);
        }
      }
    }

    private void attachment(Part part, String type) throws MessagingException, IOException {
      String contentType = SAFE_CONTENT_TYPE.matcher(type).matches() ? type : "application/octet-stream";
      String filename = filename(part);
      String contentId = firstId(header(part, "Content-ID"));
      boolean inline = Part.INLINE.equalsIgnoreCase(safeDisposition(part));
      long budget = Math.max(0, Math.min(maxAttachmentBytes, maxMessageAttachmentBytes - storedBytes));
      LenientBase64.Decoded decoded = LenientBase64.decode(part, budget);
      if (decoded != null) {
        if (decoded.lenient()) {
          notes.add("an attachment's bytes that were not base64 were skipped");
        }
        storedBytes += decoded.bytes().length;
        attachments.add(new ReadMail.Attachment(filename, contentType, decoded.bytes().length, contentId, inline,
            decoded.bytes(), null));
        return;
      }
      Bounded read;
      try (InputStream in = part.getInputStream()) {
        read = Bounded.read(in, budget);
      }
      if (read.truncated()) {
        String why = read.size() > maxAttachmentBytes
            ? "too large, not stored (over " + maxAttachmentBytes + " bytes)"
            : "too large, not stored (the mail's attachments are over " + maxMessageAttachmentBytes + " bytes)";
        attachments.add(new ReadMail.Attachment(filename, contentType, read.size(), contentId, inline, null, why));
        return;
      }
      storedBytes += read.size();
      attachments.add(new ReadMail.Attachment(filename, contentType, read.size(), contentId, inline, read.bytes(), null));
    }
  }

  private static InputStream rawStream(Part part) throws MessagingException {
    if (part instanceof jakarta.mail.internet.MimeBodyPart body) {
      return body.getRawInputStream();
    }
    return ((MimeMessage) part).getRawInputStream();
  }

  /** Bytes read up to a limit; the rest is counted, not kept. */
  record Bounded(byte[] bytes, long size, boolean truncated) {

    static Bounded read(InputStream in, long limit) throws IOException {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long size = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (size + n <= limit) {
          kept.write(buffer, 0, n);
        } else if (size < limit) {
          kept.write(buffer, 0, (int) (limit - size));
        }
        size += n;
      }
      return new Bounded(kept.toByteArray(), size, size > limit);
    }
  }

  private static ReadMail.DeliveryReport deliveryReport(String fields) {
    String action = null;
    String status = null;
    String diagnostic = null;
    // a long Diagnostic-Code is folded; the reason is all of it
    String unfolded = fields.replaceAll("\r?\n[ \t]+", " ");
    for (String line : unfolded.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "action" -> action = action == null ? value.toLowerCase(Locale.ROOT) : action;
        case "status" -> status = status == null ? value : status;
        case "diagnostic-code" -> diagnostic = diagnostic == null ? clip(value) : diagnostic;
        default -> { }
      }
    }
    return new ReadMail.DeliveryReport(action, status, diagnostic);
  }

  private static String baseType(Part part) {
    String raw = null;
    try {
      raw = part.getContentType();
      if (raw == null) {
        return "text/plain";
      }
      return new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
    } catch (MessagingException | RuntimeException malformed) {
      // broken parameters ("charset=" with no value) still leave a usable type before the ';'
      String type = raw == null ? "" : raw.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return SAFE_CONTENT_TYPE.matcher(type).matches() ? type : "application/octet-stream";
    }
  }

  private static String parameter(Part part, String name) {
    try {
      return new ContentType(part.getContentType()).getParameter(name);
    } catch (MessagingException | RuntimeException malformed) {
      return null;
    }
  }

  private static boolean isAttachment(Part part) {
    return Part.ATTACHMENT.equalsIgnoreCase(safeDisposition(part));
  }

  private static String safeDisposition(Part part) {
    try {
      return part.getDisposition();
    } catch (MessagingException | RuntimeException malformed) {
      return null;
    }
  }

  private static String filename(Part part) {
    String name;
    try {
      name = part.getFileName();
      if (name != null) {
        name = MimeUtility.decodeText(name);
      }
    } catch (MessagingException | IOException | RuntimeException malformed) {
      name = null;
    }
    if (name == null || name.isBlank()) {
      return "attachment";
    }
    String safe = name.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
    return safe.length() <= 200 ? safe : safe.substring(0, 200);
  }

  private static String header(Part part, String name) {
    try {
      String[] values = part.getHeader(name);
      return values == null || values.length == 0 ? null : values[0];
    } catch (MessagingException | RuntimeException malformed) {
      return null;
    }
  }

  private static Sender sender(MimeMessage message) {
    Address[] from;
    try {
      from = message.getFrom();
    } catch (MessagingException | RuntimeException strictFailed) {
      try {
        from = InternetAddress.parseHeader(String.valueOf(header(message, "From")), false);
      } catch (AddressException | RuntimeException unreadable) {
        from = null;
      }
    }
    if (from != null) {
      for (Address address : from) {
        if (address instanceof InternetAddress internet && internet.getAddress() != null
            && internet.getAddress().contains("@")) {
          return new Sender(internet.getAddress().strip(), clean(internet.getPersonal()));
        }
      }
    }
    return new Sender(null, null);
  }

  private static List<String> recipients(MimeMessage message) {
    Set<String> all = new LinkedHashSet<>();
    for (String name : List.of("To", "Cc", "Delivered-To", "X-Original-To")) {
      try {
        String[] values = message.getHeader(name);
        if (values == null) {
          continue;
        }
        for (String value : values) {
          for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
            if (address.getAddress() != null && address.getAddress().contains("@")) {
              all.add(address.getAddress().strip());
            }
          }
        }
      } catch (MessagingException | RuntimeException unreadable) {
        // a recipient list we cannot read only costs reply-token threading
      }
    }
    return List.copyOf(all);
  }

  private static String subject(MimeMessage message) {
    String raw = header(message, "Subject");
    return raw == null ? null : clean(EncodedWords.decode(raw.replaceAll("\\r?\\n[ \\t]", " ")));
  }

  private static Instant sentAt(MimeMessage message) {
    try {
      Date sent = message.getSentDate();
      return sent == null ? null : sent.toInstant();
    } catch (MessagingException | RuntimeException malformed) {
      return null;
    }
  }

  private static Map<String, String> noise(MimeMessage message) {
    Map<String, String> found = new LinkedHashMap<>();
    for (String name : NOISE_HEADERS) {
      String value = header(message, name);
      if (value != null) {
        found.put(name, clip(value.strip()));
      }
    }
    return found;
  }

  static String firstId(String header) {
    List<String> ids = ids(header);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** Message ids in a header, without brackets; a bare id without brackets counts too. */
  static List<String> ids(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    Matcher matcher = MESSAGE_ID.matcher(header);
    while (matcher.find() && ids.size() < 100) {
      ids.add(matcher.group(1));
    }
    if (ids.isEmpty()) {
      String bare = header.strip();
      if (!bare.contains(" ") && bare.length() <= 250) {
        ids.add(bare);
      }
    }
    return ids;
  }

  /** Unfolded, without control characters, at most one header line long. */
  static String clean(String value) {
    if (value == null) {
      return null;
    }
    String cleaned = value.replaceAll("[\\r\\n]+\\s*", " ").replaceAll("\\p{Cntrl}", "").strip();
    return cleaned.isEmpty() ? null : clip(cleaned);
  }

  private static String clip(String value) {
    return value.length() <= MAX_HEADER_CHARS ? value : value.substring(0, MAX_HEADER_CHARS);
  }

  /** The header block of a message, for mail too large to fetch whole. */
  static byte[] headersOnly(List<String> headerLines) {
    StringBuilder block = new StringBuilder();
    headerLines.forEach(line -> block.append(line).append("\r\n"));
    block.append("\r\n");
    return block.toString().getBytes(StandardCharsets.UTF_8);
  }
}
