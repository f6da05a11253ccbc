package org.crmhub.connector.email;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.ConnectorSettings;
import org.crmhub.connector.Environment;

/**
 * The email channel's settings (section {@code email} of the channels file).
 *
 * @param subjectWindow how long after a customer's last mail about a subject a new mail with the
 *     same normalised subject still joins that conversation
 * @param sendAttempts SMTP attempts for one reply before it is marked failed
 * @param retryDelay wait before the second attempt; doubled before each further one
 * @param replyTokenSecret signs reply tokens; null to let the hub keep a generated one
 */
public record EmailSettings(List<MailboxSettings> mailboxes, Duration subjectWindow, int sendAttempts,
    Duration retryDelay, String replyTokenSecret) {

  public static EmailSettings from(JsonObject json) {
    List<MailboxSettings> mailboxes = new ArrayList<>();
    Object list = json.getValue("mailboxes");
    if (list != null && !(list instanceof JsonArray)) {
      throw new IllegalArgumentException("email: 'mailboxes' must be a list");
    }
    if (list instanceof JsonArray array) {
      for (Object each : array) {
        if (!(each instanceof JsonObject mailbox)) {
          throw new IllegalArgumentException("email: each mailbox must be a mapping");
        }
        mailboxes.add(MailboxSettings.from(mailbox));
      }
    }
    int attempts = json.getInteger("sendAttempts", 3);
    long delay = json.getLong("sendRetryDelayMs", 1000L);
    long windowHours = json.getLong("subjectWindowHours", 72L);
    if (attempts < 1 || attempts > 10 || delay < 0 || windowHours < 0) {
      throw new IllegalArgumentException("email: sendAttempts must be 1..10, sendRetryDelayMs and "
          + "subjectWindowHours not negative");
    }
    return new EmailSettings(List.copyOf(mailboxes), Duration.ofHours(windowHours), attempts,
        Duration.ofMillis(delay), json.getString("replyTokenSecret"));
  }

  /**
   * The channels file's email section with the one-mailbox variables applied: they configure the
   * mailbox of {@code CRMHUB_EMAIL_ADDRESS} (overriding its URLs when the file lists it too).
   */
  static JsonObject withEnvironment(JsonObject fromFile, Environment environment) {
    JsonObject email = fromFile == null ? new JsonObject() : fromFile.copy();
    String imapUrl = environment.text("CRMHUB_EMAIL_IMAP_URL");
    String smtpUrl = environment.text("CRMHUB_EMAIL_SMTP_URL");
    String address = environment.text("CRMHUB_EMAIL_ADDRESS");
    if (imapUrl == null && address == null && smtpUrl == null) {
      return email;
    }
    if (address == null) {
      throw new IllegalArgumentException("CRMHUB_EMAIL_ADDRESS must name the mailbox the email URLs belong to");
    }
    JsonArray mailboxes = email.getValue("mailboxes") instanceof JsonArray listed ? listed.copy() : new JsonArray();
    JsonObject fromEnvironment = new JsonObject().put("address", address).put("imapUrl", imapUrl).put("smtpUrl", smtpUrl);
    for (int i = 0; i < mailboxes.size(); i++) {
      if (mailboxes.getValue(i) instanceof JsonObject mailbox && address.equalsIgnoreCase(mailbox.getString("address"))) {
        mailboxes.set(i, ConnectorSettings.overlay(mailbox, fromEnvironment));
        return email.put("mailboxes", mailboxes);
      }
    }
    mailboxes.add(ConnectorSettings.overlay(new JsonObject(), fromEnvironment));
    return email.put("mailboxes", mailboxes);
  }
}
