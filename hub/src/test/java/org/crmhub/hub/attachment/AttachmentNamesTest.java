package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttachmentNamesTest {

  @ParameterizedTest
  @CsvSource({
      "invoice.html, image/png, invoice.png",
      "invoice.HTML, image/png, invoice.png",
      "screen.png, image/png, screen.png",
      "photo.JPG, image/jpeg, photo.JPG",
      "photo.jpeg, image/jpeg, photo.jpeg",
      "photo.svg, image/jpeg, photo.jpg",
      "scan, application/pdf, scan.pdf",
      ".htaccess, text/plain, .htaccess.txt",
      "report.pdf.html, application/pdf, report.pdf.pdf",
      "notes.txt, text/plain, notes.txt",
      "page.html, text/html, page.html",
      "sheet.xlsx, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, sheet.xlsx"})
  void theExtensionFollowsTheCheckedType(String name, String type, String expected) {
    assertEquals(expected, AttachmentNames.forType(name, type));
  }
}
