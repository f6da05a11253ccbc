package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MIME reader and triage on hostile input: nothing throws, nothing runs, limits hold. */
class MailReaderTest {

  private static final String FROM = "ann@customer.example.org";
  private final MailReader reader = new MailReader(64 * 1024, 100 * 1024);
  private final ReplyTokens tokens = new ReplyTokens("secret");
  private final MailTriage triage = new MailTriage("support@example.com", tokens);

  @Test
  void deepNestingIsCutOffAndTheMailStillRead() {
    ReadMail mail = reader.read(HostileMail.nested(5_000, FROM, "deep@x"));
    assertEquals("deep@x", mail.messageId());
    assertTrue(mail.notes().stream().anyMatch(note -> note.contains("nested deeper")), mail.notes().toString());
    ReadMail shallow = reader.read(HostileMail.nested(3, FROM, "shallow@x"));
    assertEquals("the innermost text", shallow.text().strip());
  }

  @Test
  void partCountIsBounded() {
    ReadMail mail = reader.read(HostileMail.manyParts(5_000, FROM, "many@x"));
    assertEquals("see attached", mail.text().strip());
    assertTrue(mail.attachments().size() < MailReader.MAX_PARTS);
    assertTrue(mail.notes().stream().anyMatch(note -> note.contains("more than")));
  }

  @Test
  void scriptsHandlersAndRemoteImagesNeverSurviveSanitising() {
    ReadMail mail = reader.read(HostileMail.scriptInHtml(FROM, "html@x"));
    String safe = HtmlBodies.sanitize(mail.html(), java.util.Map.of());
    assertFalse(safe.contains("<script") || safe.contains("alert") || safe.contains("onclick") || safe.contains("onerror"), safe);
    assertFalse(safe.contains("javascript:") || safe.contains("<iframe") || safe.contains("<style"), safe);
    assertTrue(safe.contains("<b>there</b>") && safe.contains("https://example.org/ok"), safe);
    assertTrue(safe.contains("data-external-src=\"https://tracker.example.net/pixel.gif\"") && !safe.contains(" src="), safe);
    assertTrue(mail.text().contains("Hello there"), "text made from the HTML: " + mail.text());
    assertFalse(mail.text().contains("alert"), mail.text());
  }

  @Test
  void wrongAndUnknownCharsetsFallBackAnd8BitHeadersAreRead() {
    ReadMail mail = reader.read(HostileMail.wrongCharsets(FROM, "cs@x"));
    assertEquals("Grüße aus Köln – ärger", mail.subject());
    assertEquals(FROM, mail.fromAddress());
    assertTrue(mail.text().contains("Café crème, déjà vu"), mail.text());
    assertTrue(mail.text().contains("plain words"));
    assertTrue(mail.text().contains("Schöne Grüße und so"), mail.text());
  }

  @Test
  void malformedMimeIsReadAsFarAsItGoes() {
    ReadMail mail = reader.read(HostileMail.malformed(FROM, "bad@x"));
    assertEquals("bad@x", mail.messageId());
    assertTrue(mail.subject().contains("café"), mail.subject());
    assertTrue(mail.text().contains("still readable"), mail.text());
    ReadMail.Attachment image = mail.attachments().get(0);
    assertFalse(image.filename().contains("/"), image.filename());
    ReadMail garbage = reader.read("\u0000\u0001 not a mail at all \r\n\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertTrue(garbage.text().contains("not a mail at all"), garbage.text());
  }

  @Test
  void attachmentsOverTheLimitAreDescribedButNotKept() {
    ReadMail small = reader.read(HostileMail.withAttachment(FROM, "small@x", 10_000));
    assertEquals("lög.zip", small.attachments().get(0).filename());
    assertEquals(10_000, small.attachments().get(0).content().length);
    ReadMail large = reader.read(HostileMail.withAttachment(FROM, "large@x", 3 * 1024 * 1024));
    ReadMail.Attachment kept = large.attachments().get(0);
    assertNull(kept.content());
    assertEquals(3 * 1024 * 1024, kept.size());
    assertTrue(kept.note().startsWith("too large, not stored"), kept.note());
    assertEquals("the log is attached", large.text().strip());
  }

  @Test
  void base64AttachmentsAreDecodedExactlyWhateverTheirLinesAndStrayBytesAreSkipped() {
    byte[] content = new byte[60_000];
    new java.util.Random(7).nextBytes(content);
    String encoded = java.util.Base64.getEncoder().encodeToString(content);
    for (String[] lines : List.of(new String[] {"\r\n", "76"}, new String[] {"\n", "64"}, new String[] {"\r\n", "1000"})) {
      ReadMail mail = reader.read(mailWithBase64Attachment(wrapped(encoded, Integer.parseInt(lines[1]), lines[0])));
      assertTrue(java.util.Arrays.equals(content, mail.attachments().get(0).content()),
          "lines of " + lines[1] + " decoded to the attached bytes");
    }
    // stray padding and bytes outside the alphabet half-way (a broken relay) are skipped, not the whole attachment
    String broken = encoded.substring(0, 40_000) + "=*\u00e9" + encoded.substring(40_000);
    ReadMail lenient = reader.read(mailWithBase64Attachment(wrapped(broken, 76, "\r\n")));
    assertTrue(java.util.Arrays.equals(content, lenient.attachments().get(0).content()), "the attached bytes around them");
    assertTrue(lenient.notes().contains("an attachment's bytes that were not base64 were skipped"), lenient.notes().toString());
  }

  private static String wrapped(String base64, int lineLength, String lineBreak) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < base64.length(); i += lineLength) {
      lines.append(base64, i, Math.min(base64.length(), i + lineLength)).append(lineBreak);
    }
    return lines.toString();
  }

  private static byte[] mailWithBase64Attachment(String body) {
    String mail = "From: " + FROM + "\r\nTo: support@example.com\r\nSubject: scan\r\nMessage-ID: <scan@x>\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain\r\n\r\nthe scan\r\n"
        + "--b1\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=scan.pdf\r\n\r\n" + body + "--b1--\r\n";
    return mail.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void autoRepliesAndOwnMailAreNoiseRealMailIsNot() {
    for (String header : List.of("Auto-Submitted: auto-replied", "Precedence: bulk", "Precedence: list",
        "X-Autoreply: yes", "X-Autorespond: on vacation")) {
      ReadMail mail = reader.read(HostileMail.autoReply(FROM, "ooo@x", header));
      assertInstanceOf(MailTriage.Skip.class, triage.judge(mail, ""), header);
    }
    ReadMail human = reader.read(HostileMail.autoReply(FROM, "human@x", "Auto-Submitted: no"));
    assertInstanceOf(MailTriage.Ingest.class, triage.judge(human, ""));
    ReadMail own = reader.read(HostileMail.autoReply("Support@Example.com", "own@x", "X-Other: 1"));
    assertInstanceOf(MailTriage.Skip.class, triage.judge(own, ""));
  }

  @Test
  void aBounceOfOurReplyNamesTheReply() {
    String ours = tokens.messageId("rp_abc", "cv_def", "example.com");
    byte[] source = HostileMail.bounce(ours, "dsn@mx");
    MailTriage.Verdict verdict = triage.judge(reader.read(source), new String(source, java.nio.charset.StandardCharsets.ISO_8859_1));
    MailTriage.Bounce bounce = assertInstanceOf(MailTriage.Bounce.class, verdict);
    assertEquals(new ReplyTokens.Reply("rp_abc", "cv_def"), bounce.reply());
    assertTrue(bounce.reason().contains("Recipient address rejected"), bounce.reason());
    byte[] foreign = HostileMail.bounce("someone-else@x", "dsn2@mx");
    assertInstanceOf(MailTriage.Skip.class, triage.judge(reader.read(foreign), new String(foreign)));
  }

  @Test
  void quotedHistoryAndSignaturesAreTrimmedForDisplay() {
    assertEquals("Thanks, it works.", QuoteTrimmer.displayText("Thanks, it works.\n\nOn Mon, 23 Nov 2026 at 10:00, Support <s@x> wrote:\n> try again"));
    assertEquals("Danke!", QuoteTrimmer.displayText("Danke!\n\nAm 23.11.2026 um 10:00 schrieb Support:\n> nochmal"));
    assertEquals("See below", QuoteTrimmer.displayText("See below\n-----Original Message-----\nFrom: x"));
    assertEquals("Yes.", QuoteTrimmer.displayText("Yes.\n\nFrom: Support <s@x>\nSent: Monday\nTo: me"));
    assertEquals("Hi\n> quoted inline\nmy answer", QuoteTrimmer.displayText("Hi\n> quoted inline\nmy answer\n-- \nAnn"));
    assertEquals("> only a quote", QuoteTrimmer.displayText("> only a quote"));
  }

  @Test
  void aPostfixSmtputf8BounceNamesTheReplyAndKeepsTheWholeFoldedDiagnostic() {
    String ours = tokens.messageId("rp_abc", "cv_def", "example.com");
    for (String returned : List.of("message/global-headers", "message/global", "text/rfc822-headers")) {
      byte[] source = HostileMail.utf8Bounce(ours, "gdsn@mx", returned);
      ReadMail read = reader.read(source);
      MailTriage.Verdict verdict = triage.judge(read, new String(source, java.nio.charset.StandardCharsets.ISO_8859_1));
      MailTriage.Bounce bounce = assertInstanceOf(MailTriage.Bounce.class, verdict, returned);
      assertEquals(new ReplyTokens.Reply("rp_abc", "cv_def"), bounce.reply());
      assertEquals("smtp; 550 5.1.1 <gone@customer.example.org>: Recipient address rejected: User unknown in local"
          + " recipient table", bounce.reason(), returned);
      assertTrue(read.embeddedMessageIds().contains(ours), returned + " " + read.embeddedMessageIds());
    }
  }

  private static ImapMailbox.Fetched fetched(long uidValidity, long uid, byte[] source) {
    return new ImapMailbox.Fetched(uidValidity, uid, Instant.EPOCH, source, null);
  }

  private MailPreparer preparer(String address) {
    return new MailPreparer(MailboxSettings.from(new io.vertx.core.json.JsonObject()
        .put("address", address).put("imapUrl", "imap://u:p@localhost/INBOX")), tokens,
        java.time.Duration.ofHours(1), null);
  }

  private static String externalId(MailPreparer preparer, ImapMailbox.Fetched fetched) {
    return preparer.prepare(fetched).contact().externalId();
  }

  @Test
  void aMailWithoutMessageIdIsTheSameMailOnlyWhenReadAgainFromTheSameUid() {
    MailPreparer preparer = preparer("support@example.com");
    String headers = "From: " + FROM + "\nSubject: no id\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n\n";
    byte[] first = HostileMail.bytes(headers + "first mail\n");
    byte[] second = HostileMail.bytes(headers + "second mail\n");
    String id = externalId(preparer, fetched(7, 1, first));
    assertEquals(id, externalId(preparer, fetched(7, 1, first)), "the same mail read again is a duplicate");
    assertTrue(id.startsWith("sha256:"), id);
    java.util.Set<String> ids = new java.util.HashSet<>(List.of(id,
        externalId(preparer, fetched(7, 2, second)),
        externalId(preparer, fetched(7, 3, first)),
        externalId(preparer, fetched(8, 1, first)),
        externalId(preparer("sales@example.com"), fetched(7, 1, first))));
    assertEquals(5, ids.size(), "different mails (body, UID, UIDVALIDITY, mailbox) never share an id: " + ids);
  }

  @Test
  void aMailWithMessageIdKeepsItAsItsIdWhereverItIsRead() {
    byte[] source = HostileMail.autoReply(FROM, "same@x", "X-Other: 1");
    assertEquals("same@x", externalId(preparer("support@example.com"), fetched(7, 1, source)));
    assertEquals("same@x", externalId(preparer("support@example.com"), fetched(9, 5, source)));
  }
}
