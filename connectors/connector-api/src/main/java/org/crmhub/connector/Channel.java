package org.crmhub.connector;

import java.util.Locale;

/** The ways a contact reaches the hub. The wire name is what the API and storage use. */
public enum Channel {
  EMAIL, PHONE, SMS, X, MESSENGER, INSTAGRAM, PORTAL, API;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for an unknown name */
  public static Channel fromWireName(String name) {
    for (Channel channel : values()) {
      if (channel.wireName().equals(name)) {
        return channel;
      }
    }
    throw new IllegalArgumentException("unknown channel: " + name);
  }
}
