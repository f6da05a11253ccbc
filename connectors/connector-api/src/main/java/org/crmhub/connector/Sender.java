package org.crmhub.connector;

import java.util.List;

/** Who a contact came from: every identifier the channel revealed, and a display name if known. */
public record Sender(List<Identity> identities, String name) {

  public Sender {
    identities = List.copyOf(identities);
  }
}
