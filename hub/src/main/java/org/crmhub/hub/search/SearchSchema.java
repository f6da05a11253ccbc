package org.crmhub.hub.search;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;

/**
 * The index's fields and how each is analysed. Filters (channel, customer, status, tags, assignee,
 * sentiment, author, kind, sender) are exact keywords. The searchable text (message text, subject,
 * customer name and identity) goes into two fields: {@link #ENGLISH} with English stemming
 * ("refunds" finds "refund") and {@link #WORDS}, language-neutral (lower-cased Unicode words), so
 * text in any language is found by its words; every query clause searches both.
 */
final class SearchSchema {

  /** Changed whenever documents gain or change fields: an index of another version is rebuilt. */
  static final String VERSION = "4";

  static final String MESSAGE_ID = "messageId";
  static final String CONVERSATION_ID = "conversationId";
  static final String CUSTOMER_ID = "customerId";
  static final String CUSTOMER_NAME = "customerName";
  static final String CHANNEL = "channel";
  static final String SUBJECT = "subject";
  static final String TEXT = "text";
  static final String AT = "at";
  static final String STATUS = "status";
  static final String TAG = "tag";
  /** The staff username, or {@link #UNASSIGNED}: the inbox's own word for nobody. */
  static final String ASSIGNEE = "assignee";
  static final String UNASSIGNED = "none";
  static final String SENTIMENT = "sentiment";
  static final String AUTHOR = "author";
  static final String KIND = "kind";
  static final String SENT_BY = "sentBy";
  /** The sender's identity value, lower-cased: what {@code from:} matches exactly. */
  static final String FROM = "from";
  /** {@link ConversationFacts#state()} of the facts the document was written with. */
  static final String CONVERSATION_STATE = "conversationState";
  static final String ENGLISH = "all_en";
  static final String WORDS = "all_std";
  /**
   * The beginnings of every word of {@link #WORDS}, {@value #MIN_PREFIX} to {@value #MAX_PREFIX}
   * characters long, so {@code refu*} is one term: a prefix query expands to every word that
   * starts so and marks all their messages before the newest-first sort can stop (p99 96 ms at a
   * million messages). Longer prefixes match few words and are expanded; one letter is too.
   */
  static final String PREFIXES = "all_prefix";
  static final int MIN_PREFIX = 2;
  static final int MAX_PREFIX = 5;
  /** Only whether a message has the prefix counts: no frequencies, positions or norms. */
  static final FieldType PREFIX_TYPE = prefixType();

  /** Newest first; the message id breaks ties, so a cursor names one place in the order. */
  static final Sort NEWEST_FIRST = new Sort(new SortField(AT, SortField.Type.LONG, true),
      new SortField(MESSAGE_ID, SortField.Type.STRING));

  private SearchSchema() {}

  static Analyzer analyzer() {
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(),
        Map.of(ENGLISH, new EnglishAnalyzer(), PREFIXES, new PrefixAnalyzer()));
  }

  /** {@link StandardAnalyzer}'s words, each cut into its first 2 to 5 characters. */
  private static final class PrefixAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      StandardTokenizer words = new StandardTokenizer();
      return new TokenStreamComponents(words,
          new EdgeNGramTokenFilter(new LowerCaseFilter(words), MIN_PREFIX, MAX_PREFIX, false));
    }

    @Override
    protected TokenStream normalize(String field, TokenStream in) {
      return new LowerCaseFilter(in);
    }
  }

  private static FieldType prefixType() {
    FieldType type = new FieldType();
    type.setIndexOptions(IndexOptions.DOCS);
    type.setTokenized(true);
    type.setOmitNorms(true);
    type.freeze();
    return type;
  }

  /** @param state the message's {@link ConversationFacts#state()}, computed once by the caller (a digest) */
  static Document document(MessageDocument message, String state) {
    Document doc = new Document();
    doc.add(new StringField(MESSAGE_ID, message.messageId(), Field.Store.YES));
    doc.add(new SortedDocValuesField(MESSAGE_ID, new BytesRef(message.messageId())));
    doc.add(new StringField(CONVERSATION_ID, message.conversationId(), Field.Store.YES));
    ConversationFacts conversation = message.conversation();
    doc.add(new StringField(CONVERSATION_STATE, state, Field.Store.NO));
    keywordIfPresent(doc, CUSTOMER_ID, conversation.customerId());
    keywordIfPresent(doc, CHANNEL, message.channel());
    keywordIfPresent(doc, STATUS, conversation.status());
    for (String tag : conversation.tags()) {
      doc.add(new StringField(TAG, tag, Field.Store.YES));
    }
    String assignee = conversation.assignee();
    doc.add(new StringField(ASSIGNEE, assignee == null ? UNASSIGNED : assignee, Field.Store.NO));
    storeIfPresent(doc, ASSIGNEE, assignee);
    keywordIfPresent(doc, SENTIMENT, message.sentiment());
    doc.add(new StringField(AUTHOR, message.author().wireName(), Field.Store.YES));
    doc.add(new StringField(KIND, message.kind().wireName(), Field.Store.YES));
    storeIfPresent(doc, SENT_BY, message.sentBy());
    String identity = identityValue(message.from());
    if (identity != null && !identity.isEmpty()) {
      doc.add(new StringField(FROM, identity.toLowerCase(java.util.Locale.ROOT), Field.Store.NO));
    }
    storeIfPresent(doc, CUSTOMER_NAME, conversation.customerName());
    storeIfPresent(doc, SUBJECT, message.subject());
    storeIfPresent(doc, TEXT, message.text());
    long at = message.at().toEpochMilli();
    doc.add(new LongPoint(AT, at));
    doc.add(new NumericDocValuesField(AT, at));
    doc.add(new StoredField(AT, at));
    String wholeText = message.fullText() != null ? message.fullText() : message.text();
    for (String searchable : new String[] {wholeText, message.subject(), conversation.customerName(), identity}) {
      if (searchable != null && !searchable.isBlank()) {
        doc.add(new TextField(ENGLISH, searchable, Field.Store.NO));
        doc.add(new TextField(WORDS, searchable, Field.Store.NO));
        doc.add(new Field(PREFIXES, searchable, PREFIX_TYPE));
      }
    }
    return doc;
  }

  /** {@code email:ann@example.com} is searched as {@code ann@example.com}. */
  private static String identityValue(String key) {
    return key == null ? null : key.substring(key.indexOf(':') + 1);
  }

  private static void keywordIfPresent(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StringField(field, value, Field.Store.YES));
    }
  }

  private static void storeIfPresent(Document doc, String field, String value) {
    if (value != null) {
      doc.add(new StoredField(field, value));
    }
  }
}
