package org.crmhub.connector.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sloppy MIME that Python's {@code email} package (policy {@code default}) reads, and so must we;
 * the expected texts are what Python makes of the same sources, except where the Windows-1252
 * fallback names a character Python shows as U+FFFD.
 */
class MailDecodingTest {

  private static final String FROM = "ann@customer.example.org";
  private final MailReader reader = new MailReader(64 * 1024, 100 * 1024);

  @Test
  void doubleSemicolonsInContentTypeAreIgnored() {
    ReadMail plain = reader.read(HostileMail.bytes(HostileMail.headers(FROM, "semi", "semi@x")
        + "Content-Type: text/plain;; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + "Grüße\n").clone());
    assertEquals("semi@x", plain.messageId());
    ReadMail multipart = reader.read(HostileMail.bytes(HostileMail.headers(FROM, "semi", "semi2@x")
        + "Content-Type: multipart/alternative;; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain;;\n\n"
        + "the plain part\n--b1\nContent-Type: text/html; charset=utf-8;;\n\n<p>the html part</p>\n--b1--\n"));
    assertEquals("the plain part", multipart.text().strip());
    assertTrue(multipart.html().contains("the html part"), multipart.html());
    assertTrue(multipart.notes().isEmpty(), multipart.notes().toString());
  }

  @Test
  void aUtf8PlainPartWithDoubleSemicolonsKeepsItsCharset() {
    byte[] source = (HostileMail.headers(FROM, "semi", "semi3@x").replace("\n", "\r\n")
        + "Content-Type: text/plain;; charset=\"iso-8859-5\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = "Привет\r\n".getBytes(java.nio.charset.Charset.forName("iso-8859-5"));
    byte[] all = java.util.Arrays.copyOf(source, source.length + body.length);
    System.arraycopy(body, 0, all, source.length, body.length);
    assertEquals("Привет", reader.read(all).text().strip());
  }

  @Test
  void aSeparatorLineHoldingASpaceStillEndsTheHeaders() {
    ReadMail mail = reader.read(HostileMail.bytes("From: " + FROM + "\nSubject: space line\nMessage-ID: <sp@x>\n"
        + "Content-Type: text/plain; charset=utf-8\n \nthe body after a space line\nsecond line\n"));
    assertEquals("space line", mail.subject());
    assertEquals("sp@x", mail.messageId());
    assertEquals("the body after a space line\r\nsecond line", mail.text().strip());
  }

  @Test
  void aCharacterSplitAcrossTwoEncodedWordsIsJoinedBeforeDecoding() {
    // "Заказ" with the lead byte of "а" (0xD0) ending the first word and 0xB0 starting the second
    assertEquals("Заказ", EncodedWords.decode("=?utf-8?B?0JfQsNC60A==?= =?utf-8?B?sNC3?="));
    assertEquals("Заказ 42", EncodedWords.decode("=?UTF-8?B?0JfQsNC60A==?=\r\n =?utf-8?B?sNC3?= 42"));
    assertEquals("café crème", EncodedWords.decode("=?utf-8?Q?caf=C3?= =?utf-8?Q?=A9_cr=C3=A8me?="));
  }

  @Test
  void unknownCharsetsAndBrokenBase64InHeaderWordsFallBackToWindows1252() {
    assertEquals("café", EncodedWords.decode("=?x-unknown?Q?caf=E9?="));
    assertEquals("Grüße", EncodedWords.decode("=?utf-8?Q?Gr=FC=DFe?="), "Latin-1 bytes declared as UTF-8");
    String broken = EncodedWords.decode("=?utf-8?B?R3LDvMOfZQ?= and =?utf-8?B?!!!?=");
    assertEquals("Grüße and ", broken, "unpadded base64 decodes, nothing decodable is dropped");
  }

  @Test
  void aBase64BodyWithOneGarbageLineKeepsEveryOtherLine() {
    String text = "Привет, мир! Hello world, long enough text to span lines. ".repeat(3);
    List<String> lines = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(text.getBytes(StandardCharsets.UTF_8)).lines().toList();
    String body = lines.get(0) + "\n" + lines.get(1) + "\nthis line is garbage!\n" + String.join("\n", lines.subList(2, lines.size()));
    ReadMail mail = reader.read(HostileMail.bytes(HostileMail.headers(FROM, "b64", "b64@x")
        + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body + "\n"));
    assertEquals(text.strip(), mail.text().strip());
    assertFalse(mail.text().contains("garbage"), mail.text());
  }
}
