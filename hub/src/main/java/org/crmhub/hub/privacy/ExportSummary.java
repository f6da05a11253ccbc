package org.crmhub.hub.privacy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.crmhub.hub.conversation.MessageKind;

/**
 * summary.txt of an export, for a person: who the customer is, their identities, how many
 * conversations and messages on each channel, and the conversations with dates and subjects. It
 * is gathered while customer.json is written (counts and one line per conversation, never the
 * messages) and written last. Text the customer or anyone else typed loses its control characters,
 * so the file shows as written in any viewer or terminal.
 */
final class ExportSummary {

  private static final String[] KIND_WORDS = {"from the customer", "staff replies", "notes"};

  private record ConversationLine(String channel, String createdAt, String lastActivityAt, String subject,
      String status, int messages) {}

  private record AttachmentLine(String file, String filename, long size, boolean missing) {}

  private final JsonObject customer;
  private final List<String> identities = new ArrayList<>();
  private final List<String> mergedCustomers = new ArrayList<>();
  private final List<String> portalAccounts = new ArrayList<>();
  private final Map<String, int[]> messagesByChannel = new TreeMap<>();
  private final List<ConversationLine> conversations = new ArrayList<>();
  private final List<AttachmentLine> attachments = new ArrayList<>();
  private final String exportedAt;

  ExportSummary(JsonObject customer, String exportedAt) {
    this.customer = customer;
    this.exportedAt = exportedAt;
  }

  void identities(JsonArray linked) {
    for (Object entry : linked) {
      JsonObject identity = (JsonObject) entry;
      JsonObject provenance = identity.getJsonObject("provenance", new JsonObject());
      identities.add(identity.getString("type") + ": " + clean(identity.getString("value")) + " (linked by "
          + provenance.getString("rule", "?") + " on " + provenance.getString("at", "?") + ")");
    }
  }

  void mergedCustomer(String id, String name, String mergedAt) {
    mergedCustomers.add(id + (name == null ? "" : " (" + name + ")") + ", merged into this record on " + mergedAt);
  }

  void portalAccount(JsonObject account) {
    portalAccounts.add(clean(account.getString("email")) + (account.getBoolean("verified") ? ", verified" : ", not verified")
        + (account.getString("createdAt") == null ? "" : ", created " + account.getString("createdAt")));
  }

  void message(String channel, MessageKind kind) {
    messagesByChannel.computeIfAbsent(channel, c -> new int[KIND_WORDS.length])[kind.ordinal()]++;
  }

  void conversation(JsonObject summary, int messages) {
    conversations.add(new ConversationLine(summary.getString("channel"), summary.getString("createdAt"),
        summary.getString("lastActivityAt"), summary.getString("subject"), summary.getString("status"), messages));
  }

  void attachment(String file, String filename, long size, boolean missing) {
    attachments.add(new AttachmentLine(file, filename, size, missing));
  }

  String text() {
    StringBuilder text = new StringBuilder();
    String name = customer.getString("name");
    text.append("Data export of customer ").append(name == null ? "(no name given)" : clean(name))
        .append(" (id ").append(customer.getString("id")).append(")\n")
        .append("Exported ").append(exportedAt).append(" by crm-hub. customer.json holds all of this, and every")
        .append(" message, in machine-readable form (format ").append(CustomerExport.FORMAT).append(").\n")
        .append("Customer since ").append(customer.getString("createdAt", "?")).append("\n");
    section(text, "Identities", identities);
    section(text, "Customer records merged into this one", mergedCustomers);
    section(text, "Portal accounts", portalAccounts);
    List<String> channels = new ArrayList<>();
    int total = 0;
    for (Map.Entry<String, int[]> entry : messagesByChannel.entrySet()) {
      int[] counts = entry.getValue();
      int sum = counts[0] + counts[1] + counts[2];
      total += sum;
      StringBuilder line = new StringBuilder(entry.getKey() + ": " + sum + " messages (");
      for (int i = 0; i < counts.length; i++) {
        line.append(i == 0 ? "" : ", ").append(counts[i]).append(' ').append(KIND_WORDS[i]);
      }
      channels.add(line.append(')').toString());
    }
    text.append("\n").append(conversations.size()).append(" conversations, ").append(total).append(" messages\n");
    section(text, "Messages per channel", channels);
    List<String> listed = new ArrayList<>();
    for (ConversationLine line : conversations) {
      listed.add(line.createdAt() + " to " + line.lastActivityAt() + "  " + line.channel() + "  "
          + (line.subject() == null ? "(no subject)" : "\"" + clean(line.subject()) + "\"") + "  " + line.messages()
          + " messages, " + line.status());
    }
    section(text, "Conversations (least recently active first)", listed);
    List<String> files = new ArrayList<>();
    for (AttachmentLine line : attachments) {
      files.add(line.missing()
          ? clean(line.filename()) + ": its content is missing from the hub's file store, so it is not in this export"
          : line.file() + " (" + line.size() + " bytes)");
    }
    section(text, "Attachments", files);
    return text.toString();
  }

  private static void section(StringBuilder text, String title, List<String> lines) {
    text.append('\n').append(title).append('\n');
    if (lines.isEmpty()) {
      text.append("  none\n");
    }
    for (String line : lines) {
      text.append("  - ").append(line).append('\n');
    }
  }

  /** Control characters (line breaks, terminal escapes) become spaces. */
  static String clean(String typed) {
    return typed == null ? "" : typed.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]", " ").strip();
  }
}
