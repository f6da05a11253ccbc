package org.crmhub.connector.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens in outbound mail that lead an answer (or a bounce) back to its conversation even
 * when the customer's mail client drops In-Reply-To:
 * <ul>
 *   <li>the Message-ID of a reply, {@code r.<replyId>.<conversationId>.<sig>@domain}: names the
 *       reply, so a bounce quoting it marks that reply bounced;
 *   <li>the Reply-To address, {@code local+c.<base32 conversationId>.<sig>@domain}: an answer sent to it
 *       joins the conversation.
 * </ul>
 * Signatures are HMAC-SHA256 with the channel's secret, truncated; a token that does not verify is
 * ignored, so nobody can write themselves into another conversation.
 */
final class ReplyTokens {

  private static final String ID_PART = "[A-Za-z0-9_-]{1,64}";
  private static final Pattern MESSAGE_ID = Pattern.compile(
      "(?:^|[<\\s])r\\.(" + ID_PART + ")\\.(" + ID_PART + ")\\.([0-9a-f]{16})@");
  /** The conversation id in base32 (mail systems may lower-case an address's local part). */
  private static final Pattern REPLY_TO = Pattern.compile("^[^+@]+\\+c\\.([a-z2-7]{1,80})\\.([0-9a-f]{12})@.+$");
  private static final Pattern SAFE_ID = Pattern.compile("^" + ID_PART + "$");

  private final byte[] secret;

  ReplyTokens(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Who a reply was, recovered from its Message-ID. */
  record Reply(String replyId, String conversationId) {}

  /** The Message-ID (without brackets) of a reply; a random one when the ids cannot be carried. */
  String messageId(String replyId, String conversationId, String domain) {
    if (!SAFE_ID.matcher(replyId).matches() || conversationId == null || !SAFE_ID.matcher(conversationId).matches()) {
      return "x." + java.util.UUID.randomUUID() + "@" + domain;
    }
    return "r." + replyId + "." + conversationId + "." + sign("r|" + replyId + "|" + conversationId, 8) + "@" + domain;
  }

  /** The Reply-To address for a conversation; the plain address when the id cannot be carried. */
  String replyTo(String localPart, String domain, String conversationId) {
    if (conversationId == null || !SAFE_ID.matcher(conversationId).matches() || localPart.contains("+")) {
      return localPart + "@" + domain;
    }
    return localPart + "+c." + Base32.encode(conversationId.getBytes(StandardCharsets.UTF_8)) + "."
        + sign("c|" + conversationId, 6) + "@" + domain;
  }

  /** The reply named by a signed Message-ID anywhere in {@code text}. */
  Optional<Reply> reply(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher matcher = MESSAGE_ID.matcher(text);
    while (matcher.find()) {
      String replyId = matcher.group(1);
      String conversationId = matcher.group(2);
      if (equal(sign("r|" + replyId + "|" + conversationId, 8), matcher.group(3))) {
        return Optional.of(new Reply(replyId, conversationId));
      }
    }
    return Optional.empty();
  }

  /** The conversation named by a signed Reply-To address, for a mail sent to it. */
  Optional<String> conversation(String recipient) {
    Matcher matcher = REPLY_TO.matcher(recipient == null ? "" : recipient.toLowerCase(java.util.Locale.ROOT));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String conversationId = Base32.decode(matcher.group(1));
    if (conversationId == null || !SAFE_ID.matcher(conversationId).matches()
        || !equal(sign("c|" + conversationId, 6), matcher.group(2))) {
      return Optional.empty();
    }
    return Optional.of(conversationId);
  }

  private String sign(String content, int bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] full = mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(full, 0, bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  private static boolean equal(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
  }
}
