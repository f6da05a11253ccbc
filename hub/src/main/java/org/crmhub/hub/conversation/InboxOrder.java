package org.crmhub.hub.conversation;

/** How the inbox is sorted. */
public enum InboxOrder {
  /** Latest activity first (the filter's own index). */
  NEWEST("newest", null, false),
  /** Lowest conversation sentiment first. */
  MOST_NEGATIVE("most-negative", InboxIndex.BY_SENTIMENT, true),
  /** Open conversations by how long the customer has waited, longest first. */
  OLDEST_WAITING("oldest-waiting", InboxIndex.WAITING, true);

  private final String wireName;
  private final String index;
  private final boolean ascending;

  InboxOrder(String wireName, String index, boolean ascending) {
    this.wireName = wireName;
    this.index = index;
    this.ascending = ascending;
  }

  /** The index this order reads, or null when the filter picks it. */
  String index() {
    return index;
  }

  boolean ascending() {
    return ascending;
  }

  public static InboxOrder fromWireName(String name) {
    if (name == null) {
      return NEWEST;
    }
    for (InboxOrder order : values()) {
      if (order.wireName.equals(name)) {
        return order;
      }
    }
    throw new IllegalArgumentException("unknown sort: " + name);
  }
}
