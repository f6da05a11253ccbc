package org.crmhub.connector.email;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A mail as read from its MIME source: headers that matter, the text and HTML bodies, the
 * attachments, what a delivery report says, and notes on what was cut off.
 *
 * @param messageId without angle brackets; null when the mail has none
 * @param fromAddress null when no readable sender address
 * @param recipients To, Cc, Delivered-To and X-Original-To addresses, as written
 * @param text the plain body in full (or text made from the HTML when there is no plain part)
 * @param html the HTML body as received (unsanitised); null when there is none
 * @param noiseHeaders Auto-Submitted, Precedence, X-Autoreply, X-Autorespond as present
 * @param report the delivery status report, when the mail is one
 * @param embeddedMessageIds Message-IDs of mail returned inside this one (a bounce's original)
 */
record ReadMail(
    String messageId,
    List<String> inReplyTo,
    List<String> references,
    String fromAddress,
    String fromName,
    List<String> recipients,
    String subject,
    Instant sentAt,
    String text,
    String html,
    List<Attachment> attachments,
    Map<String, String> noiseHeaders,
    DeliveryReport report,
    List<String> embeddedMessageIds,
    List<String> notes) {

  /**
   * @param content the decoded bytes; null when over a size limit (see {@code note})
   * @param contentId the Content-ID without brackets, for inline images
   */
  record Attachment(String filename, String contentType, long size, String contentId, boolean inline, byte[] content,
      String note) {}

  /** What a delivery status notification says: the action (failed, delayed, …) and why. */
  record DeliveryReport(String action, String status, String diagnostic) {

    boolean failed() {
      return "failed".equalsIgnoreCase(action) || (status != null && status.startsWith("5"));
    }
  }
}
