package org.crmhub.hub.sentiment.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.sentiment.SentimentLabel;

/**
 * Reads labelled texts from CSV with a header row naming the columns {@code label} and {@code text}
 * (in any order, other columns ignored), quoted as RFC 4180 says, so a text may hold commas, quotes
 * and line breaks (which is why errors name the row, not the line). Labels are {@code negative}, {@code neutral} or {@code positive}, in any case.
 */
public final class LabelledCsv {

  /** A file a person made by hand is refused as a whole, naming the first row that is wrong. */
  public static final class BadFile extends Exception {
    public BadFile(String message) {
      super(message);
    }
  }

  private static final CsvMapper MAPPER = new CsvMapper();
  private static final String HEADER = "the header must name the columns label and text";

  private LabelledCsv() {}

  /** At most {@code maxRows} rows are read; a longer file is refused. */
  public static List<LabelledText> read(Reader csv, int maxRows) throws IOException, BadFile {
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    List<LabelledText> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> lines = MAPPER.readerForMapOf(String.class)
        .with(header).with(CsvParser.Feature.SKIP_EMPTY_LINES).readValues(csv)) {
      int row = 0;
      // reads the header, so that a file with a wrong header and no rows is refused too
      boolean any = lines.hasNextValue();
      CsvSchema named = (CsvSchema) lines.getParserSchema();
      if (named == null || named.column("label") == null || named.column("text") == null) {
        throw new BadFile(HEADER);
      }
      while (any && lines.hasNextValue()) {
        Map<String, String> columns = lines.nextValue();
        row++;
        if (rows.size() == maxRows) {
          throw new BadFile("more than " + maxRows + " rows");
        }
        String label = columns.get("label");
        String text = columns.get("text");
        if (label == null || text == null) {
          throw new BadFile(HEADER);
        }
        rows.add(new LabelledText(label(label, row), text));
      }
    } catch (JsonProcessingException e) {
      throw new BadFile("not CSV with a label,text header: " + e.getOriginalMessage());
    } catch (RuntimeJsonMappingException e) {
      throw new BadFile("not CSV with a label,text header: " + e.getMessage());
    }
    return rows;
  }

  private static SentimentLabel label(String text, int row) throws BadFile {
    SentimentLabel label = SentimentLabel.fromWireName(text.trim());
    if (label == null) {
      throw new BadFile("row " + row + " (after the header): the label must be negative, neutral or positive, not '"
          + text + "'");
    }
    return label;
  }
}
