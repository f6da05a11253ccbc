package org.crmhub.hub.sentiment.learning;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.crmhub.hub.redis.Hashes;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.sentiment.SentimentLabel;

/**
 * The newest learned sentiment model, shared by every hub: one Redis hash holding Tribuo's protobuf
 * form of the model (base64) with a version that each store increments, when it was trained, how
 * many corrections it learned from, how long the corrections stream was when they were read (so a
 * hub can tell how many came since), its held-out accuracy and how many corrections said each label.
 */
public final class StoredModels {

  /** One key for the whole hub: single-key commands and scripts, so any slot of a cluster. */
  static final String KEY = "crm:sentiment:model";

  private static final String VERSION = "version";
  private static final String TRAINED_AT = "trainedAt";
  private static final String CORRECTIONS_USED = "correctionsUsed";
  private static final String STREAM_LENGTH = "streamLength";
  private static final String HELD_OUT = "heldOut";
  private static final String HELD_OUT_ACCURACY = "heldOutAccuracy";
  private static final String MODEL = "model";
  private static final List<String> ABOUT = List.of(VERSION, TRAINED_AT, CORRECTIONS_USED, STREAM_LENGTH, HELD_OUT,
      HELD_OUT_ACCURACY, "negative", "neutral", "positive");

  /** The fields replace the old model's and the version goes up by one, in one step. */
  private static final LuaScript STORE = new LuaScript("""
      local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
      redis.call('HDEL', KEYS[1], 'heldOutAccuracy')
      redis.call('HSET', KEYS[1], unpack(ARGV))
      return version
      """, LuaScript.Returns.INTEGER);

  /**
   * What is known of a stored model besides its weights.
   *
   * @param streamLength entries of the corrections stream when its corrections were read
   * @param heldOutAccuracy null when fewer than ten corrections were held out
   * @param perClass corrections per label, in {@link SentimentLabel} order
   */
  public record About(long version, Instant trainedAt, int correctionsUsed, long streamLength, int heldOut,
      Double heldOutAccuracy, int[] perClass) {}

  /** A stored model and what is known of it. */
  public record Stored(About about, byte[] protobuf) {}

  private final Redis redis;

  public StoredModels(Redis redis) {
    this.redis = redis;
  }

  /** Stores a newly trained model; answers its version. */
  public Future<Long> store(HeldOutTraining.Trained trained, long streamLength, Instant trainedAt) {
    List<String> fields = new ArrayList<>(List.of(
        TRAINED_AT, trainedAt.toString(),
        CORRECTIONS_USED, Integer.toString(trained.correctionsUsed()),
        STREAM_LENGTH, Long.toString(streamLength),
        HELD_OUT, Integer.toString(trained.heldOut()),
        MODEL, Base64.getEncoder().encodeToString(trained.model().toProtobuf())));
    for (SentimentLabel label : SentimentLabel.values()) {
      fields.add(label.wireName());
      fields.add(Integer.toString(trained.perClass()[label.ordinal()]));
    }
    if (trained.heldOutAccuracy() != null) {
      fields.add(HELD_OUT_ACCURACY);
      fields.add(trained.heldOutAccuracy().toString());
    }
    return STORE.run(redis, new String[] {KEY}, fields.toArray(String[]::new));
  }

  /** The newest model's version; 0 when none is stored. */
  public Future<Long> version() {
    return Hashes.values(redis, KEY, List.of(VERSION)).map(values -> values.get(0) == null ? 0 : Long.parseLong(values.get(0)));
  }

  /** What is known of the newest model; null when none is stored. */
  public Future<About> about() {
    return Hashes.values(redis, KEY, ABOUT).map(StoredModels::about);
  }

  /** The newest model; null when none is stored. */
  public Future<Stored> newest() {
    List<String> fields = new ArrayList<>(ABOUT);
    fields.add(MODEL);
    return Hashes.values(redis, KEY, fields).map(values -> {
      About about = about(values);
      return about == null ? null : new Stored(about, Base64.getDecoder().decode(values.get(ABOUT.size())));
    });
  }

  private static About about(List<String> values) {
    if (values.get(0) == null) {
      return null;
    }
    int[] perClass = new int[SentimentLabel.values().length];
    for (int i = 0; i < perClass.length; i++) {
      perClass[i] = Integer.parseInt(values.get(6 + i));
    }
    return new About(Long.parseLong(values.get(0)), Instant.parse(values.get(1)), Integer.parseInt(values.get(2)),
        Long.parseLong(values.get(3)), Integer.parseInt(values.get(4)),
        values.get(5) == null ? null : Double.valueOf(values.get(5)), perClass);
  }
}
