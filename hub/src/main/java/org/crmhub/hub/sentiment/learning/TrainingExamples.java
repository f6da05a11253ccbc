package org.crmhub.hub.sentiment.learning;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.hub.Digests;
import org.crmhub.hub.async.AsyncLoop;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.StreamEntry;
import org.crmhub.hub.redis.Streams;
import org.crmhub.hub.sentiment.SentimentLabel;

/**
 * The agents' sentiment corrections as the learner will read them: an append-only Redis stream
 * with one entry per correction and one per undo. A message's entry with the highest
 * {@code version} (its conversation's version after the change) is what it teaches, so
 * corrections of one message appended out of order still end as the newest says; after an
 * undo it teaches nothing.
 */
public final class TrainingExamples {

  /** One stream for the whole hub: single-key commands, so any slot of a cluster. */
  public static final String STREAM = "crm:sentiment:corrections";
  /** Entries read per round trip, and the rounds at most (ten million corrections). */
  private static final int PAGE = 1_000;
  private static final int MAX_PAGES = 10_000;
  /** The actor, conversation and message-id prefix of imported texts. */
  public static final String IMPORT_ACTOR = "import";

  /**
   * One message's current correction.
   *
   * @param example the label a person gave and the message's text as the analyser reads it
   * @param actor who corrected it, as audit records name actors ({@code staff:ann}, {@code api-key:ID})
   */
  public record TrainingExample(String conversationId, String messageId, LabelledText example,
      SentimentLabel originalLabel, String actor, Instant at) {}

  private final Redis redis;

  public TrainingExamples(Redis redis) {
    this.redis = redis;
  }

  /** Records that {@code actor} labelled the message {@code label}; {@code text} is what the analyser read. */
  public Future<Void> corrected(String conversationId, String messageId, long version, LabelledText example,
      SentimentLabel originalLabel, String actor, Instant at) {
    Map<String, String> fields = base("corrected", conversationId, messageId, version, actor, at);
    fields.put("label", example.label().wireName());
    fields.put("originalLabel", originalLabel.wireName());
    fields.put("text", example.text());
    return Streams.append(redis, STREAM, fields).mapEmpty();
  }

  /** Records that {@code actor} undid the message's correction: it teaches nothing from now on. */
  public Future<Void> undone(String conversationId, String messageId, long version, String actor, Instant at) {
    return Streams.append(redis, STREAM, base("undone", conversationId, messageId, version, actor, at)).mapEmpty();
  }

  /**
   * Records labelled texts a person brought from elsewhere (a CSV of past messages) as corrections
   * by {@value #IMPORT_ACTOR}: each text stands for a message of its own, named by the text's
   * hash, so importing a text again replaces what it taught.
   *
   * @param originalLabels what the rules made of each text, in the order of {@code texts}
   */
  public Future<Void> imported(List<LabelledText> texts, List<SentimentLabel> originalLabels, Instant at) {
    return AsyncLoop.iterate(0, from -> from >= texts.size(), from -> {
      int to = Math.min(texts.size(), from + PAGE);
      List<Future<Void>> appended = new ArrayList<>();
      for (int i = from; i < to; i++) {
        LabelledText text = texts.get(i);
        // a later import of the same text has a higher version, so it is the one kept
        appended.add(corrected(IMPORT_ACTOR, IMPORT_ACTOR + ":" + Digests.sha256Hex(text.text()), at.toEpochMilli(),
            text, originalLabels.get(i), IMPORT_ACTOR, at));
      }
      return Future.all(appended).map(to);
    }).mapEmpty();
  }

  /** How many entries (corrections, undos, imported texts) were ever recorded: grows with each. */
  public Future<Long> recorded() {
    return Streams.length(redis, STREAM);
  }

  private static Map<String, String> base(String action, String conversationId, String messageId, long version,
      String actor, Instant at) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("action", action);
    fields.put("conversationId", conversationId);
    fields.put("messageId", messageId);
    fields.put("version", Long.toString(version));
    fields.put("actor", actor);
    fields.put("at", at.toString());
    return fields;
  }

  /** Every message's current correction, in the order the corrections were made. */
  public Future<List<TrainingExample>> current() {
    return fold(new LinkedHashMap<>()).map(newest -> newest.values().stream()
        .filter(entry -> "corrected".equals(entry.field("action")))
        .sorted((a, b) -> StreamEntry.compareIds(a.id(), b.id()))
        .map(TrainingExamples::example)
        .toList());
  }

  /** Reads the stream from its start into {@code newest}, keeping each message's entry of the highest version. */
  private Future<Map<String, StreamEntry>> fold(Map<String, StreamEntry> newest) {
    return AsyncLoop.iterate(new Folding("-", 0), Folding::ended, at -> {
      Future<List<StreamEntry>> page = "-".equals(at.afterId())
          ? Streams.oldest(redis, STREAM, PAGE) : Streams.after(redis, STREAM, at.afterId(), PAGE);
      return page.map(entries -> {
        for (StreamEntry entry : entries) {
          newest.merge(entry.field("messageId"), entry,
              (kept, next) -> version(next) >= version(kept) ? next : kept);
        }
        return entries.size() < PAGE ? new Folding(null, at.pages() + 1)
            : new Folding(entries.get(entries.size() - 1).id(), at.pages() + 1);
      });
    }).map(newest);
  }

  /** Where reading the stream stands: the id the next page starts after (null once it ended) and the pages read. */
  private record Folding(String afterId, int pages) {
    boolean ended() {
      return afterId == null || pages == MAX_PAGES;
    }
  }

  private static long version(StreamEntry entry) {
    return Long.parseLong(entry.field("version"));
  }

  private static TrainingExample example(StreamEntry entry) {
    return new TrainingExample(entry.field("conversationId"), entry.field("messageId"),
        new LabelledText(SentimentLabel.fromWireName(entry.field("label")), entry.field("text")),
        SentimentLabel.fromWireName(entry.field("originalLabel")), entry.field("actor"),
        Instant.parse(entry.field("at")));
  }
}
