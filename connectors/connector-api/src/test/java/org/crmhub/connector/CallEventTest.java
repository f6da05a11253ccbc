package org.crmhub.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallEventTest {

  private static InboundContact contact(Channel channel, JsonObject metadata) {
    return new InboundContact(channel, "call-1", new Sender(List.of(), null), null, "a call", null, "thread",
        Instant.now(), metadata);
  }

  @Test
  void anEventWrittenByAConnectorIsReadBackAfterTheIngestStreamsJson() {
    JsonObject written = CallEvent.of(CallEvent.Kind.ENDED, "CA1").withTo("+15550100").withStatus("busy", 42)
        .writeTo(new JsonObject().put("direction", "inbound"));
    // the contact crosses the stream as JSON text: numbers come back as whatever the decoder picks
    JsonObject travelled = new JsonObject(written.encode().replace("42", "42.0"));

    CallEvent read = CallEvent.of(contact(Channel.PHONE, travelled)).orElseThrow();

    assertEquals(new CallEvent(CallEvent.Kind.ENDED, "CA1", "+15550100", "busy", 42, null), read);
    assertEquals("inbound", travelled.getString("direction"), "other metadata is left as it was");
  }

  @Test
  void absentPartsLeaveTheirKeysOut() {
    JsonObject written = CallEvent.of(CallEvent.Kind.MENU, "CA2").withMenuTag(null).writeTo(new JsonObject());

    assertEquals(new JsonObject().put("event", "call.menu").put("callSid", "CA2"), written);
  }

  @Test
  void onlyPhoneContactsWithAKnownEventCarryOne() {
    JsonObject started = CallEvent.of(CallEvent.Kind.STARTED, "CA3").writeTo(new JsonObject());

    assertTrue(CallEvent.of(contact(Channel.SMS, started)).isEmpty());
    assertTrue(CallEvent.of(contact(Channel.PHONE, new JsonObject())).isEmpty());
    assertTrue(CallEvent.of(contact(Channel.PHONE, new JsonObject().put("event", "call.exploded"))).isEmpty());
    assertEquals(CallEvent.Kind.STARTED, CallEvent.of(contact(Channel.PHONE, started)).orElseThrow().kind());
  }
}
