package org.crmhub.connector.email;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.crmhub.connector.OutboundReply;

/**
 * Builds the MIME mail of a staff reply: From the mailbox, To the customer, "Re: subject",
 * In-Reply-To and References that thread it under the answered mail in the customer's client,
 * a Message-ID and a Reply-To that carry signed tokens back to the conversation.
 */
final class ReplyComposer {

  /** Keep References to a sane length: the root and the most recent ids. */
  private static final int MAX_REFERENCES = 20;

  private final MailboxSettings mailbox;
  private final ReplyTokens tokens;

  ReplyComposer(MailboxSettings mailbox, ReplyTokens tokens) {
    this.mailbox = mailbox;
    this.tokens = tokens;
  }

  /** The composed mail and its Message-ID (without brackets). */
  record Composed(MimeMessage message, String messageId) {}

  Composed compose(Session session, OutboundReply reply) throws MessagingException {
    JsonObject answered = reply.answered();
    String messageId = tokens.messageId(reply.replyId(), reply.conversationId(), mailbox.domain());
    MimeMessage message = new FixedIdMessage(session, "<" + messageId + ">");
    try {
      message.setFrom(new InternetAddress(mailbox.address(), mailbox.displayName(), "UTF-8"));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
    message.setReplyTo(new InternetAddress[] {
        new InternetAddress(tokens.replyTo(mailbox.localPart(), mailbox.domain(), reply.conversationId()))});
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(reply.to().value()));
    String subject = answered.getString("subject", reply.metadata().getString("subject"));
    message.setSubject(SubjectTopic.reply(subject), "UTF-8");
    message.setSentDate(new Date());
    String answeredId = answered.getString("messageId");
    if (answeredId != null && !answeredId.isBlank()) {
      message.setHeader("In-Reply-To", "<" + answeredId + ">");
      message.setHeader("References", references(answered, answeredId));
    }
    message.setText(reply.text(), "UTF-8");
    message.saveChanges();
    return new Composed(message, messageId);
  }

  private static String references(JsonObject answered, String answeredId) {
    List<String> ids = new ArrayList<>();
    Object raw = answered.getValue("references");
    if (raw instanceof JsonArray array) {
      array.stream().filter(String.class::isInstance).map(String.class::cast).forEach(ids::add);
    }
    ids.add(answeredId);
    if (ids.size() > MAX_REFERENCES) {
      List<String> kept = new ArrayList<>();
      kept.add(ids.get(0));
      kept.addAll(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
      ids = kept;
    }
    StringBuilder header = new StringBuilder();
    for (String id : ids) {
      if (header.length() > 0) {
        header.append("\r\n ");
      }
      header.append('<').append(id).append('>');
    }
    return header.toString();
  }

  /** A MimeMessage that keeps the Message-ID it was given instead of making one on save. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
