package org.crmhub.hub.conversation;

import java.util.Objects;
import java.util.stream.Stream;

/** Inbox filters; null means "any". {@code assignee} "none" means unassigned. */
public record InboxFilter(String status, String channel, String sentiment, String assignee, String customerId) {

  /** How many of the filters are set. */
  int criteria() {
    return (int) Stream.of(status, channel, sentiment, assignee, customerId)
        .filter(Objects::nonNull).count();
  }

  /** False for a conversation that no longer exists (null). */
  boolean matches(Conversation conversation) {
    if (conversation == null) {
      return false;
    }
    return (status == null || status.equals(conversation.status()))
        && (channel == null || channel.equals(conversation.channel()))
        && (sentiment == null || sentiment.equals(conversation.sentimentLabel()))
        && (assignee == null || InboxIndex.assignee(assignee).equals(InboxIndex.assignee(conversation.assignee())))
        && (customerId == null || customerId.equals(conversation.customerId()));
  }
}
