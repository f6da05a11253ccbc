package org.crmhub.connector.email;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Hand-made mail sources of the kinds that break naive readers. */
public final class HostileMail {

  private HostileMail() {}

  public static byte[] bytes(String source) {
    return source.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  public static String headers(String from, String subject, String messageId) {
    return "From: " + from + "\nTo: support@example.com\nSubject: " + subject + "\nMessage-ID: <" + messageId + ">\n"
        + "Date: Mon, 23 Nov 2026 10:00:00 +0000\nMIME-Version: 1.0\n";
  }

  /** multipart/mixed nested {@code depth} levels deep around one text part. */
  public static byte[] nested(int depth, String from, String messageId) {
    StringBuilder open = new StringBuilder(headers(from, "Nested", messageId));
    StringBuilder close = new StringBuilder();
    for (int level = 0; level < depth; level++) {
      open.append("Content-Type: multipart/mixed; boundary=\"b").append(level).append("\"\n\n--b").append(level).append('\n');
      close.insert(0, "\n--b" + level + "--\n");
    }
    open.append("Content-Type: text/plain\n\nthe innermost text\n");
    return bytes(open.append(close).toString());
  }

  /** One multipart with {@code parts} small attachments. */
  public static byte[] manyParts(int parts, String from, String messageId) {
    StringBuilder source = new StringBuilder(headers(from, "Many parts", messageId))
        .append("Content-Type: multipart/mixed; boundary=\"many\"\n\n--many\nContent-Type: text/plain\n\nsee attached\n");
    for (int i = 0; i < parts; i++) {
      source.append("--many\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"f")
          .append(i).append(".bin\"\n\nx\n");
    }
    return bytes(source.append("--many--\n").toString());
  }

  public static byte[] scriptInHtml(String from, String messageId) {
    return bytes(headers(from, "Click me", messageId)
        + "Content-Type: text/html; charset=utf-8\n\n"
        + "<p onclick=\"steal()\">Hello <b>there</b></p><script>alert('x')</script>"
        + "<a href=\"javascript:alert(1)\">js link</a> <a href=\"https://example.org/ok\">ok link</a>"
        + "<img src=\"https://tracker.example.net/pixel.gif\" onerror=\"alert(2)\">"
        + "<iframe src=\"https://evil.example\"></iframe><style>body{display:none}</style>\n");
  }

  /** Latin-1 bytes declared as UTF-8, an unknown charset, and raw 8-bit UTF-8 in the headers. */
  public static byte[] wrongCharsets(String from, String messageId) {
    String source = "From: =?x-klingon?Q?Worf?= <" + from + ">\nTo: support@example.com\n"
        + "Subject: Grüße aus Köln – ärger\nMessage-ID: <" + messageId + ">\nMIME-Version: 1.0\n"
        + "Content-Type: multipart/mixed; boundary=\"cs\"\n\n"
        + "--cs\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n";
    byte[] head = source.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] latin = "Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu\r\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = ("--cs\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nplain words\r\n"
        + "--cs\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + "Sch=C3=B6ne Gr=C3=BC=C3=9Fe=\r\n und so\r\n--cs--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[head.length + latin.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(latin, 0, all, head.length, latin.length);
    System.arraycopy(tail, 0, all, head.length + latin.length, tail.length);
    return all;
  }

  /** Broken boundaries, a broken base64 part, an unknown transfer encoding, a bad Content-Type. */
  public static byte[] malformed(String from, String messageId) {
    return bytes(headers(from, "=?utf-8?B?broken base64 ?= =?iso-8859-1?Q?caf=E9?=", messageId)
        + "Content-Type: multipart/mixed; boundary=\"never-closed\"\n\n"
        + "--never-closed\nContent-Type: text/plain; charset=\nContent-Transfer-Encoding: x-made-up\n\nstill readable\n"
        + "--never-closed\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
        + "Content-Disposition: attachment; filename=\"../../etc/passwd\"\n\n!!!not base64@@@\n"
        + "--never-closed\nContent-Type: ;;;\n\nodd part\n");
  }

  public static byte[] withAttachment(String from, String messageId, int attachmentBytes) {
    byte[] content = new byte[attachmentBytes];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    String encoded = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content);
    return bytes(headers(from, "Big file", messageId)
        + "Content-Type: multipart/mixed; boundary=\"att\"\n\n--att\nContent-Type: text/plain\n\nthe log is attached\n"
        + "--att\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n"
        + "Content-Disposition: attachment; filename=\"=?utf-8?Q?l=C3=B6g.zip?=\"\n\n" + encoded + "\n--att--\n");
  }

  public static byte[] autoReply(String from, String messageId, String header) {
    return bytes(headers(from, "Out of office", messageId) + header + "\nContent-Type: text/plain\n\nI am away.\n");
  }

  /** A delivery status notification returning a mail whose Message-ID was {@code originalId}. */
  public static byte[] bounce(String originalId, String messageId) {
    return bytes("From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: support@example.com\n"
        + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <" + messageId + ">\nMIME-Version: 1.0\n"
        + "Auto-Submitted: auto-replied\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"\n\n"
        + "--dsn\nContent-Type: text/plain\n\nYour message could not be delivered.\n"
        + "--dsn\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        + "Final-Recipient: rfc822; gone@customer.example.org\nAction: failed\nStatus: 5.1.1\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.example.org>: Recipient address rejected\n"
        + "--dsn\nContent-Type: text/rfc822-headers\n\nFrom: support@example.com\nTo: gone@customer.example.org\n"
        + "Subject: Re: Help\nMessage-ID: <" + originalId + ">\n\n--dsn--\n");
  }
  /**
   * A bounce as Postfix writes it for a mail sent with SMTPUTF8 (RFC 6533): the report is
   * {@code message/global-delivery-status}, the returned headers {@code message/global-headers},
   * and the Diagnostic-Code is folded over two lines.
   */
  public static byte[] utf8Bounce(String originalId, String messageId, String returnedType) {
    return bytes("From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: support@example.com\n"
        + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <" + messageId + ">\nMIME-Version: 1.0\n"
        + "Auto-Submitted: auto-replied\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"gdsn\"\n\n"
        + "--gdsn\nContent-Description: Notification\nContent-Type: text/plain; charset=utf-8\n\n"
        + "This is the mail system at host mx.example.org.\n"
        + "--gdsn\nContent-Description: Delivery report\nContent-Type: message/global-delivery-status\n\n"
        + "Reporting-MTA: dns; mx.example.org\nX-Postfix-Queue-ID: 4ABC123\n\n"
        + "Final-Recipient: rfc822; gone@customer.example.org\nOriginal-Recipient: rfc822;gone@customer.example.org\n"
        + "Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; 127.0.0.1\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 <gone@customer.example.org>: Recipient address\n"
        + "    rejected: User unknown in local recipient table\n\n"
        + "--gdsn\nContent-Description: Undelivered Message\nContent-Type: " + returnedType + "\n\n"
        + "From: support@example.com\nTo: gone@customer.example.org\nSubject: Re: Help\n"
        + "Message-ID: <" + originalId + ">\n\nour reply\n--gdsn--\n");
  }
}
