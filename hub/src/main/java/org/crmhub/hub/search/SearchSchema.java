package org.crmhub.hub.search;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;

/**
 * The index's fields and how each is analysed. The searchable text (message text, subject,
 * customer name and identity) goes into two fields: {@link #ENGLISH} with English stemming
 * ("refunds" finds "refund") and {@link #WORDS}, language-neutral (lower-cased Unicode words), so
 * text in any language is found by its words; every query clause searches both.
 */
final class SearchSchema {

  static final String MESSAGE_ID = "messageId";
  static final String CONVERSATION_ID = "conversationId";
  static final String CUSTOMER_ID = "customerId";
  static final String CUSTOMER_NAME = "customerName";
  static final String CHANNEL = "channel";
  static final String SUBJECT = "subject";
  static final String TEXT = "text";
  static final String AT = "at";
  static final String ENGLISH = "all_en";
  static final String WORDS = "all_std";

  /** Newest first; the message id breaks ties, so a cursor names one place in the order. */
  static final Sort NEWEST_FIRST = new Sort(new SortField(AT, SortField.Type.LONG, true),
      new SortField(MESSAGE_ID, SortField.Type.STRING));

  private SearchSchema() {}

  static Analyzer analyzer() {
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(ENGLISH, new EnglishAnalyzer()));
  }

  static Document document(MessageDocument message) {
    Document doc = new Document();
    doc.add(new StringField(MESSAGE_ID, message.messageId(), Field.Store.YES));
    doc.add(new SortedDocValuesField(MESSAGE_ID, new BytesRef(message.messageId())));
    doc.add(new StringField(CONVERSATION_ID, message.conversationId(), Field.Store.YES));
    if (message.customerId() != null) {
      doc.add(new StringField(CUSTOMER_ID, message.customerId(), Field.Store.YES));
    }
    if (message.channel() != null) {
      doc.add(new StringField(CHANNEL, message.channel(), Field.Store.YES));
    }
    storeIfPresent(doc, CUSTOMER_NAME, message.customerName());
    storeIfPresent(doc, SUBJECT, message.subject());
    storeIfPresent(doc, TEXT, message.text());
    long at = message.at().toEpochMilli();
    doc.add(new LongPoint(AT, at));
    doc.add(new NumericDocValuesField(AT, at));
    doc.add(new StoredField(AT, at));
    for (String searchable : new String[] {message.text(), message.subject(), message.customerName(),
        identityValue(message.from())}) {
      if (searchable != null && !searchable.isBlank()) {
        doc.add(new TextField(ENGLISH, searchable, Field.Store.NO));
        doc.add(new TextField(WORDS, searchable, Field.Store.NO));
      }
    }
    return doc;
  }

  /** {@code email:ann@example.com} is searched as {@code ann@example.com}. */
  private static String identityValue(String key) {
    return key == null ? null : key.substring(key.indexOf(':') + 1);
  }

  private static void storeIfPresent(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StoredField(field, value));
    }
  }
}
