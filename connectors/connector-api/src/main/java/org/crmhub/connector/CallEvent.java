package org.crmhub.connector;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a phone contact tells of its call, carried in the contact's metadata so it survives the
 * ingest stream: the phone connectors write it, the hub reads it to raise call events, a screen
 * pop and the menu's tag. The metadata keys are named here only.
 *
 * @param to the number called, when known
 * @param status the provider's call status ({@code completed}, {@code busy}, ...) for status and end events
 * @param durationSeconds how long the call lasted, for the end event, when known
 * @param menuTag the tag a menu choice stands for, when the choice is one of the menu's
 */
public record CallEvent(Kind kind, String callSid, String to, String status, Integer durationSeconds,
    String menuTag) {

  private static final String KIND = "event";
  private static final String CALL_SID = "callSid";
  private static final String TO = "to";
  private static final String STATUS = "callStatus";
  private static final String DURATION = "durationSeconds";
  private static final String TAG = "tag";

  /** The moments of a call a contact can record. */
  public enum Kind {
    STARTED("call.started"),
    MENU("call.menu"),
    STATUS("call.status"),
    ENDED("call.ended"),
    VOICEMAIL("call.voicemail"),
    TRANSCRIPTION("call.transcription");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Optional<Kind> fromWireName(String wireName) {
      return Arrays.stream(values()).filter(kind -> kind.wireName.equals(wireName)).findFirst();
    }
  }

  public static CallEvent of(Kind kind, String callSid) {
    return new CallEvent(kind, callSid, null, null, null, null);
  }

  public CallEvent withTo(String number) {
    return new CallEvent(kind, callSid, number, status, durationSeconds, menuTag);
  }

  public CallEvent withStatus(String callStatus, Integer seconds) {
    return new CallEvent(kind, callSid, to, callStatus, seconds, menuTag);
  }

  public CallEvent withMenuTag(String tag) {
    return new CallEvent(kind, callSid, to, status, durationSeconds, tag);
  }

  /** Puts this event into a contact's metadata; absent parts leave their keys out. */
  public JsonObject writeTo(JsonObject metadata) {
    metadata.put(KIND, kind.wireName()).put(CALL_SID, callSid);
    putIfPresent(metadata, TO, to);
    putIfPresent(metadata, STATUS, status);
    putIfPresent(metadata, DURATION, durationSeconds);
    putIfPresent(metadata, TAG, menuTag);
    return metadata;
  }

  /** The call event a contact's metadata carries, if it is a phone contact that carries one. */
  public static Optional<CallEvent> of(InboundContact contact) {
    if (contact.channel() != Channel.PHONE) {
      return Optional.empty();
    }
    JsonObject metadata = contact.metadata();
    return Kind.fromWireName(metadata.getString(KIND, "")).map(kind -> new CallEvent(kind,
        metadata.getString(CALL_SID), metadata.getString(TO), metadata.getString(STATUS),
        metadata.getValue(DURATION) instanceof Number seconds ? Integer.valueOf(seconds.intValue()) : null, metadata.getString(TAG)));
  }

  private static void putIfPresent(JsonObject metadata, String key, Object value) {
    if (value != null) {
      metadata.put(key, value);
    }
  }
}
