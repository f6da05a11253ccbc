package org.crmhub.hub.sentiment.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import org.crmhub.hub.sentiment.SentimentLabel;
import org.junit.jupiter.api.Test;

class LabelledCsvTest {

  @Test
  void readsQuotedTextsWithCommasQuotesAndLineBreaksInAnyColumnOrder() throws Exception {
    String csv = "id,text,label\r\n"
        + "1,\"Still waiting, three weeks now\",NEGATIVE\r\n"
        + "2,\"She said \"\"thanks\"\"\nand left\",positive\r\n"
        + "\r\n"
        + "3,ok,neutral\r\n";
    List<LabelledText> rows = LabelledCsv.read(new StringReader(csv), 10);
    assertEquals(List.of(
        new LabelledText(SentimentLabel.NEGATIVE, "Still waiting, three weeks now"),
        new LabelledText(SentimentLabel.POSITIVE, "She said \"thanks\"\nand left"),
        new LabelledText(SentimentLabel.NEUTRAL, "ok")), rows);
  }

  @Test
  void refusesAnUnknownLabelNamingItsLine() {
    String csv = "label,text\nnegative,late again\nangry,where is my parcel\n";
    LabelledCsv.BadFile bad = assertThrows(LabelledCsv.BadFile.class, () -> LabelledCsv.read(new StringReader(csv), 10));
    assertTrue(bad.getMessage().contains("row 2 ") && bad.getMessage().contains("'angry'"), bad.getMessage());
  }

  @Test
  void refusesAHeaderWithoutTheTwoColumnsEvenWithNoRows() {
    LabelledCsv.BadFile bad = assertThrows(LabelledCsv.BadFile.class,
        () -> LabelledCsv.read(new StringReader("sentiment,message\n"), 10));
    assertTrue(bad.getMessage().contains("label and text"), bad.getMessage());
    assertThrows(LabelledCsv.BadFile.class, () -> LabelledCsv.read(new StringReader(""), 10), "no header at all");
  }

  @Test
  void refusesAFileWithoutTheTwoColumns() {
    String csv = "sentiment,message\nnegative,late again\n";
    LabelledCsv.BadFile bad = assertThrows(LabelledCsv.BadFile.class, () -> LabelledCsv.read(new StringReader(csv), 10));
    assertTrue(bad.getMessage().contains("label and text"), bad.getMessage());
  }

  @Test
  void refusesMoreRowsThanAllowed() {
    String csv = "label,text\nnegative,a\nneutral,b\npositive,c\n";
    LabelledCsv.BadFile bad = assertThrows(LabelledCsv.BadFile.class, () -> LabelledCsv.read(new StringReader(csv), 2));
    assertTrue(bad.getMessage().contains("more than 2 rows"), bad.getMessage());
  }

  @Test
  void refusesAnUnclosedQuote() {
    String csv = "label,text\nnegative,\"never arrived\n";
    assertThrows(LabelledCsv.BadFile.class, () -> LabelledCsv.read(new StringReader(csv), 10));
  }
}
