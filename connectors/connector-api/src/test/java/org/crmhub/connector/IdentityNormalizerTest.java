package org.crmhub.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.crmhub.connector.IdentityNormalizer.InvalidIdentityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityNormalizerTest {

  private final IdentityNormalizer normalizer = new IdentityNormalizer("DE");

  @Test
  void foldsEmailCase() {
    assertEquals("email:ann.lee@example.com", normalizer.normalize(IdentityType.EMAIL, "  Ann.Lee@Example.COM ").key());
  }

  @Test
  void writesPhoneNumbersInE164WhateverTheirFormat() {
    assertEquals("+493012345678", normalizer.normalize(IdentityType.PHONE, "030 1234 5678").value());
    assertEquals("+493012345678", normalizer.normalize(IdentityType.PHONE, "+49 (30) 1234-5678").value());
    assertEquals("+14155550123", normalizer.normalize(IdentityType.PHONE, "+1 415 555 0123").value());
  }

  @Test
  void parsesTypedKeys() {
    assertEquals("x:12345", normalizer.normalize("x:12345").key());
    assertEquals("phone:+493012345678", normalizer.normalize("phone:+49 30 12345678").key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-at-sign", "a@b", "<script>@example.com", "two@@example.com", "a b@example.com", ""})
  void refusesWhatIsNoEmail(String value) {
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize(IdentityType.EMAIL, value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "12", "+", "<script>", "\u0000\u0001"})
  void refusesWhatIsNoPhoneNumber(String value) {
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize(IdentityType.PHONE, value));
  }

  @Test
  void socialIdsAreNumericIdsNotHandles() {
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize(IdentityType.X, "@jack"));
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize(IdentityType.META, "12a"));
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize("fax:123"));
    assertThrows(InvalidIdentityException.class, () -> normalizer.normalize("nocolon"));
  }
}
