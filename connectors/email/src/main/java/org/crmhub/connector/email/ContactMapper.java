package org.crmhub.connector.email;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crmhub.connector.Channel;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;
import org.crmhub.connector.InboundContact;
import org.crmhub.connector.Sender;
import org.crmhub.connector.ThreadHints;

/**
 * Turns a read mail into the hub's contact: its Message-ID is both the external id (so a mail
 * read twice is a duplicate) and its thread key; In-Reply-To and References, a signed Reply-To
 * token and the subject's topic are the threading hints; the displayed text has quoted history
 * and signature trimmed, the full text stays in the metadata; HTML is sanitised.
 */
final class ContactMapper {

  /** Longer ids are hashed: a key, not a text. */
  private static final int MAX_ID_LENGTH = 200;
  private static final int MAX_REFS = 20;

  private final MailboxSettings mailbox;
  private final ReplyTokens tokens;
  private final Duration subjectWindow;
  private final IdentityNormalizer normalizer = new IdentityNormalizer("US");

  ContactMapper(MailboxSettings mailbox, ReplyTokens tokens, Duration subjectWindow) {
    this.mailbox = mailbox;
    this.tokens = tokens;
    this.subjectWindow = subjectWindow;
  }

  /**
   * @param externalId from {@link #externalId}
   * @param stored attachment index -> the id its content is stored under (null: not stored)
   */
  InboundContact contact(ReadMail mail, String externalId, Instant receivedAt, List<String> stored) {
    List<String> refs = new ArrayList<>();
    mail.inReplyTo().forEach(id -> refs.add(key(id)));
    List<String> references = mail.references();
    for (int i = references.size() - 1; i >= 0 && refs.size() < MAX_REFS; i--) {
      String ref = key(references.get(i));
      if (!refs.contains(ref)) {
        refs.add(ref);
      }
    }
    String vouched = mail.recipients().stream().map(tokens::conversation).flatMap(Optional::stream).findFirst()
        .or(() -> refs.stream().map(ref -> tokens.reply("<" + ref)).flatMap(Optional::stream)
            .map(ReplyTokens.Reply::conversationId).findFirst())
        .orElse(null);
    ThreadHints hints = new ThreadHints(refs, vouched, SubjectTopic.of(mail.subject()), subjectWindow.toSeconds());

    JsonArray attachments = new JsonArray();
    Map<String, String> inline = new java.util.HashMap<>();
    for (int i = 0; i < mail.attachments().size(); i++) {
      ReadMail.Attachment attachment = mail.attachments().get(i);
      String id = i < stored.size() ? stored.get(i) : null;
      JsonObject json = new JsonObject()
          .put("filename", attachment.filename())
          .put("contentType", attachment.contentType())
          .put("size", attachment.size())
          .put("inline", attachment.inline());
      if (attachment.contentId() != null) {
        json.put("contentId", attachment.contentId());
      }
      if (id != null) {
        json.put("id", id).put("url", "/api/v1/attachments/" + id);
        if (attachment.contentId() != null) {
          inline.put(attachment.contentId(), "/api/v1/attachments/" + id);
        }
      } else {
        json.put("stored", false).put("note", attachment.note() != null ? attachment.note() : "not stored");
      }
      attachments.add(json);
    }

    String full = mail.text();
    String shown = QuoteTrimmer.displayText(full);
    JsonObject metadata = new JsonObject()
        .put("mailbox", mailbox.address())
        .put("messageId", mail.messageId())
        .put("inReplyTo", new JsonArray(List.copyOf(mail.inReplyTo())))
        .put("references", new JsonArray(references.subList(Math.max(0, references.size() - MAX_REFS), references.size())))
        .put("to", new JsonArray(List.copyOf(mail.recipients())))
        .put("attachments", attachments)
        .put(ThreadHints.FIELD, hints.toJson());
    if (mail.sentAt() != null) {
      metadata.put("sentAt", mail.sentAt().toString());
    }
    if (full != null && !full.equals(shown)) {
      metadata.put("fullText", full);
    }
    if (!mail.notes().isEmpty()) {
      metadata.put("notes", new JsonArray(List.copyOf(mail.notes())));
    }
    return new InboundContact(Channel.EMAIL, externalId, sender(mail), mail.subject(), shown,
        HtmlBodies.sanitize(mail.html(), inline), externalId, receivedAt, metadata);
  }

  /**
   * The mail's Message-ID as a key. Without one: a hash of where it lies (mailbox, folder,
   * UIDVALIDITY, UID) and of its whole source, so reading it again is a duplicate but two mails
   * with the same headers (or the same text appended twice) never are.
   */
  String externalId(ReadMail mail, ImapMailbox.Fetched fetched) {
    if (mail.messageId() != null) {
      return key(mail.messageId());
    }
    String place = mailbox.address().toLowerCase(java.util.Locale.ROOT) + "\n" + mailbox.imap().folder() + "\n"
        + fetched.uidValidity() + "\n" + fetched.uid() + "\n" + sha256(fetched.source());
    return "sha256:" + sha256(place.getBytes(StandardCharsets.UTF_8));
  }

  /** The id an attachment's content is stored under: the same for the same mail read again. */
  static String attachmentId(String externalId, int index) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((externalId + "#" + index).getBytes(StandardCharsets.UTF_8));
      return "at_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private Sender sender(ReadMail mail) {
    List<Identity> identities = new ArrayList<>();
    if (mail.fromAddress() != null) {
      try {
        identities.add(normalizer.normalize(IdentityType.EMAIL, mail.fromAddress()));
      } catch (IdentityNormalizer.InvalidIdentityException unusable) {
        // a sender we cannot name makes a message without a customer, not a lost one
      }
    }
    return new Sender(identities, mail.fromName());
  }

  /** A message id as a thread key: as written, or hashed when too long to be a sensible key. */
  static String key(String messageId) {
    return messageId.length() <= MAX_ID_LENGTH ? messageId : "sha256:" + sha256(messageId.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
