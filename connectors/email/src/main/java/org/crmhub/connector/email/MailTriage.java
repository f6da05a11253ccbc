package org.crmhub.connector.email;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts a read mail before it goes anywhere: a bounce of one of our replies (reported as a
 * delivery failure), noise that must never reach the inbox or be answered (auto-replies, bulk
 * and list mail, delivery reports, the mailbox's own mail), or a contact to ingest.
 */
final class MailTriage {

  sealed interface Verdict permits Ingest, Skip, Bounce {}

  record Ingest() implements Verdict {}

  /** @param reason for the log */
  record Skip(String reason) implements Verdict {}

  record Bounce(ReplyTokens.Reply reply, String reason) implements Verdict {}

  private final String ownAddress;
  private final ReplyTokens tokens;

  MailTriage(String ownAddress, ReplyTokens tokens) {
    this.ownAddress = ownAddress.toLowerCase(Locale.ROOT);
    this.tokens = tokens;
  }

  /** @param source the raw mail, searched for a reply's Message-ID when it is a bounce */
  Verdict judge(ReadMail mail, String source) {
    if (mail.fromAddress() != null && mail.fromAddress().toLowerCase(Locale.ROOT).equals(ownAddress)) {
      return new Skip("sent from the mailbox's own address");
    }
    if (mail.report() != null) {
      if (!mail.report().failed()) {
        return new Skip("delivery report (" + mail.report().action() + ")");
      }
      Optional<ReplyTokens.Reply> reply = mail.embeddedMessageIds().stream()
          .map(id -> tokens.reply("<" + id))
          .flatMap(Optional::stream).findFirst()
          .or(() -> tokens.reply(source));
      String reason = mail.report().diagnostic() != null ? mail.report().diagnostic()
          : "delivery failed" + (mail.report().status() == null ? "" : " (status " + mail.report().status() + ")");
      return reply.<Verdict>map(r -> new Bounce(r, reason))
          .orElse(new Skip("bounce of a mail the hub did not send"));
    }
    String automatic = automatic(mail.noiseHeaders());
    return automatic != null ? new Skip(automatic) : new Ingest();
  }

  private static String automatic(Map<String, String> headers) {
    String autoSubmitted = headers.get("Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.toLowerCase(Locale.ROOT).startsWith("no")) {
      return "auto-submitted (" + autoSubmitted + ")";
    }
    String precedence = headers.getOrDefault("Precedence", "").toLowerCase(Locale.ROOT);
    if (precedence.startsWith("bulk") || precedence.startsWith("list") || precedence.startsWith("junk")
        || precedence.startsWith("auto_reply")) {
      return "precedence " + precedence;
    }
    if (headers.containsKey("X-Autoreply") || headers.containsKey("X-Autorespond")) {
      return "auto-reply header";
    }
    return null;
  }
}
