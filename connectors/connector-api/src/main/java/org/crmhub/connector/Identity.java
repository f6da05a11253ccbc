package org.crmhub.connector;

import java.util.Objects;

/**
 * One identifier of a customer, already normalised by whoever built it (see the hub's
 * IdentityNormalizer), so equal identities are equal strings.
 */
public record Identity(IdentityType type, String value) {

  public Identity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** {@code type:value}, the form used in the API ({@code email:ann@example.com}). */
  public String key() {
    return type.wireName() + ":" + value;
  }

  /** Parses {@code type:value}. @throws IllegalArgumentException when malformed */
  public static Identity parse(String key) {
    int colon = key == null ? -1 : key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw new IllegalArgumentException("identity must look like type:value");
    }
    return new Identity(IdentityType.fromWireName(key.substring(0, colon)), key.substring(colon + 1));
  }

  @Override
  public String toString() {
    return key();
  }
}
