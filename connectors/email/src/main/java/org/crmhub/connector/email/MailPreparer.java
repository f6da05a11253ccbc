package org.crmhub.connector.email;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crmhub.connector.AttachmentStore;
import org.crmhub.connector.InboundContact;

/**
 * Everything between a fetched mail and the hub, on the worker thread that fetched it: read the
 * MIME, judge it (contact, bounce, noise), and build the contact with its attachments' ids; then,
 * on the event loop, store the attachments' content before the contact that names it is accepted.
 */
final class MailPreparer {

  /** Content to store under an id. */
  record Content(String id, String contentType, String filename, byte[] bytes) {}

  /** A judged mail; {@code contact} is set only for mail to ingest. */
  record Prepared(MailTriage.Verdict verdict, InboundContact contact, List<Content> attachments) {}

  private final MailReader reader;
  private final MailTriage triage;
  private final ContactMapper mapper;
  private final AttachmentStore store;

  MailPreparer(MailboxSettings settings, ReplyTokens tokens, Duration subjectWindow, AttachmentStore store) {
    this.reader = new MailReader(settings.maxAttachmentBytes(), settings.maxMessageAttachmentBytes());
    this.triage = new MailTriage(settings.address(), tokens);
    this.mapper = new ContactMapper(settings, tokens, subjectWindow);
    this.store = store;
  }

  Prepared prepare(ImapMailbox.Fetched fetched) {
    ReadMail mail = reader.read(fetched.source(), fetched.note());
    MailTriage.Verdict verdict = triage.judge(mail, new String(fetched.source(), StandardCharsets.ISO_8859_1));
    if (!(verdict instanceof MailTriage.Ingest)) {
      return new Prepared(verdict, null, List.of());
    }
    String externalId = mapper.externalId(mail, fetched);
    List<String> ids = new ArrayList<>();
    List<Content> contents = new ArrayList<>();
    for (int i = 0; i < mail.attachments().size(); i++) {
      ReadMail.Attachment attachment = mail.attachments().get(i);
      if (attachment.content() == null) {
        ids.add(null);
        continue;
      }
      String id = ContactMapper.attachmentId(externalId, i);
      ids.add(id);
      contents.add(new Content(id, attachment.contentType(), attachment.filename(), attachment.content()));
    }
    return new Prepared(verdict, mapper.contact(mail, externalId, fetched.receivedAt(), ids), contents);
  }

  /** Stores the mail's attachment content before the contact that names it is accepted. */
  Future<Void> store(Prepared prepared) {
    List<Future<Void>> stored = prepared.attachments().stream()
        .map(content -> store.put(content.id(), content.contentType(), content.filename(), Buffer.buffer(content.bytes())))
        .toList();
    return Future.all(stored).mapEmpty();
  }
}
