package org.crmhub.hub.conversation;

import java.util.Map;

/** Inbox filters; null means "any". {@code assignee} "none" means unassigned. */
public record InboxFilter(String status, String channel, String sentiment, String assignee, String customerId) {

  boolean matches(Map<String, String> conversation) {
    if (conversation.isEmpty()) {
      return false;
    }
    return (status == null || status.equals(conversation.getOrDefault("status", "open")))
        && (channel == null || channel.equals(conversation.get("channel")))
        && (sentiment == null || sentiment.equals(conversation.get("sentimentLabel")))
        && (assignee == null || InboxIndex.assignee(assignee).equals(InboxIndex.assignee(conversation.get("assignee"))))
        && (customerId == null || customerId.equals(conversation.get("customerId")));
  }
}
