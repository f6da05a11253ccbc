package org.crmhub.connector.email;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * One support mailbox: where it is read (IMAP) and sent from (SMTP), and how.
 *
 * @param processedFolder where handled mail is moved; null to mark it {@code \Seen} and leave it
 * @param idle wait with IMAP IDLE (when the server offers it) instead of polling
 * @param idleRenew how long one IDLE lasts before it is issued again
 * @param allowPlaintext permit imap:// and smtp:// without STARTTLS (local test servers only)
 * @param maxAttachmentBytes largest attachment whose content is stored
 * @param maxMessageAttachmentBytes most attachment content stored for one message
 * @param maxMessageBytes larger messages are taken from their headers only
 * @param lease how long the hub reading the mailbox holds it without renewing: another hub takes
 *     the mailbox over within this time after its reader died or stalled
 */
public record MailboxSettings(
    String address,
    String displayName,
    MailUrl imap,
    MailUrl smtp,
    String processedFolder,
    Duration pollInterval,
    boolean idle,
    Duration idleRenew,
    boolean allowPlaintext,
    long maxAttachmentBytes,
    long maxMessageAttachmentBytes,
    long maxMessageBytes,
    int batchSize,
    Duration lease) {

  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
  public static final long DEFAULT_MAX_MESSAGE_ATTACHMENT_BYTES = 25L * 1024 * 1024;
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 60L * 1024 * 1024;

  /** @throws IllegalArgumentException naming the setting that is wrong */
  public static MailboxSettings from(JsonObject json) {
    String address = json.getString("address");
    if (address == null || !address.matches("^[^@\\s<>\"]{1,64}@[^@\\s<>\"]{1,253}$")) {
      throw new IllegalArgumentException("email: every mailbox needs an 'address' (support@example.com)");
    }
    String where = "email mailbox " + address + ": ";
    MailUrl imap = MailUrl.parse(json.getString("imapUrl"), where + "imapUrl");
    MailUrl smtp = json.getString("smtpUrl") == null ? null : MailUrl.parse(json.getString("smtpUrl"), where + "smtpUrl");
    if (!imap.isImap()) {
      throw new IllegalArgumentException(where + "imapUrl must be imap:// or imaps://");
    }
    if (smtp != null && smtp.isImap()) {
      throw new IllegalArgumentException(where + "smtpUrl must be smtp:// or smtps://");
    }
    long attachment = json.getLong("maxAttachmentBytes", DEFAULT_MAX_ATTACHMENT_BYTES);
    long perMessage = json.getLong("maxMessageAttachmentBytes", DEFAULT_MAX_MESSAGE_ATTACHMENT_BYTES);
    long message = json.getLong("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES);
    long poll = json.getLong("pollIntervalMs", 30_000L);
    long renew = json.getLong("idleRenewSeconds", 240L);
    int batch = json.getInteger("batchSize", 100);
    long lease = json.getLong("leaseSeconds", 30L);
    if (attachment < 0 || perMessage < 0 || message < 1024 || poll < 100 || renew < 1 || batch < 1 || batch > 1000
        || lease < 1) {
      throw new IllegalArgumentException(where + "limits must be positive (pollIntervalMs >= 100, "
          + "maxMessageBytes >= 1024, batchSize 1..1000, leaseSeconds >= 1)");
    }
    String processed = json.getString("processedFolder");
    return new MailboxSettings(address.toLowerCase(Locale.ROOT), json.getString("displayName"), imap, smtp,
        processed == null || processed.isBlank() ? null : processed.strip(),
        Duration.ofMillis(poll), json.getBoolean("idle", true), Duration.ofSeconds(renew),
        json.getBoolean("allowPlaintext", false), attachment, perMessage, message, batch, Duration.ofSeconds(lease));
  }

  public String domain() {
    return address.substring(address.indexOf('@') + 1);
  }

  public String localPart() {
    return address.substring(0, address.indexOf('@'));
  }

  /** Any text about this mailbox with both passwords masked. */
  public String mask(String text) {
    String masked = imap.mask(text);
    return smtp == null ? masked : smtp.mask(masked);
  }
}
