package org.crmhub.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void parsesAndPrintsTypeColonValue() {
    Identity identity = Identity.parse("email:ann@example.com");
    assertEquals(IdentityType.EMAIL, identity.type());
    assertEquals("ann@example.com", identity.value());
    assertEquals("email:ann@example.com", identity.key());
  }

  @Test
  void valueMayContainColons() {
    assertEquals("a:b", Identity.parse("x:a:b").value());
  }

  @Test
  void refusesMalformedKeys() {
    assertThrows(IllegalArgumentException.class, () -> Identity.parse("nocolon"));
    assertThrows(IllegalArgumentException.class, () -> Identity.parse(":value"));
    assertThrows(IllegalArgumentException.class, () -> Identity.parse("email:"));
    assertThrows(IllegalArgumentException.class, () -> Identity.parse("fax:123"));
    assertThrows(IllegalArgumentException.class, () -> Identity.parse(null));
  }

  @Test
  void channelWireNamesRoundTrip() {
    for (Channel channel : Channel.values()) {
      assertEquals(channel, Channel.fromWireName(channel.wireName()));
    }
    assertThrows(IllegalArgumentException.class, () -> Channel.fromWireName("EMAIL"));
  }
}
