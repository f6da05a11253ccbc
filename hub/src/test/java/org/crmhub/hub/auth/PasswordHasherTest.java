package org.crmhub.hub.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesWithArgon2idAndARandomSalt() {
    String first = hasher.hash("correct horse battery staple");
    String second = hasher.hash("correct horse battery staple");
    assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
    assertNotEquals(first, second, "salted");
    assertTrue(hasher.verify("correct horse battery staple", first));
    assertTrue(hasher.verify("correct horse battery staple", second));
  }

  @Test
  void refusesWrongPasswordsAndMalformedHashes() {
    String hash = hasher.hash("secret-1");
    assertFalse(hasher.verify("secret-2", hash));
    assertFalse(hasher.verify("secret-1", null));
    assertFalse(hasher.verify("secret-1", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA"));
    assertFalse(hasher.verify("secret-1", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA"));
    assertFalse(hasher.verify("secret-1", "plain"));
  }
}
