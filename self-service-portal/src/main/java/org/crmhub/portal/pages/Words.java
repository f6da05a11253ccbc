package org.crmhub.portal.pages;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages say statuses, channels and times to a customer. Plain text: the templates escape it. */
public final class Words {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'");

  private Words() {}

  public static String statusText(String status) {
    return switch (status) {
      case "open" -> "Open";
      case "pending" -> "Waiting for you";
      case "closed" -> "Closed";
      default -> status;
    };
  }

  public static String channelName(String channel) {
    return switch (channel) {
      case "sms" -> "text message";
      case "x" -> "X";
      case "messenger" -> "Messenger";
      case "instagram" -> "Instagram";
      case "portal" -> "this portal";
      default -> channel;
    };
  }

  public static String subject(String subject, String channel) {
    return subject != null && !subject.isBlank() ? subject : "Conversation by " + channelName(channel);
  }

  public static String when(OffsetDateTime at) {
    return at == null ? "" : WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
