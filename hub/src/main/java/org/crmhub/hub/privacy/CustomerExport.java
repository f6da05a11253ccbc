package org.crmhub.hub.privacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;
import org.crmhub.hub.api.CustomersApi;
import org.crmhub.hub.attachment.AttachmentMetadata;
import org.crmhub.hub.attachment.AttachmentNames;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.OpenBlob;
import org.crmhub.hub.conversation.Conversation;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.MessageKind;
import org.crmhub.hub.customer.Customer;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.CustomerStore.SentimentPoint;
import org.crmhub.hub.failure.Conflict;
import org.crmhub.hub.failure.NotFound;
import org.crmhub.hub.merge.CustomerMerger;
import org.crmhub.hub.portal.PortalAccounts;
import org.crmhub.hub.redis.Scored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the hub holds about one customer (GDPR Art. 15 and 20), written as a ZIP:
 * {@code customer.json} (machine-readable, format {@value #FORMAT}; the contract's
 * {@code CustomerExport} schema describes it), each attachment's content under
 * {@code attachments/}, and {@code summary.txt} for a person.
 *
 * <p>Written on a worker thread, streamed: conversations and their messages are read a page at a
 * time and written as they come with Jackson's streaming generator into the ZIP, and attachment
 * content is piped from the blob store. What is kept meanwhile is small: the conversations' ids,
 * the ids of the messages of the conversation being written, the summary's counts and one line
 * per conversation and attachment. Every read is started on the request's context and waited for
 * on the worker ({@link ContextWaits}).
 */
public final class CustomerExport {

  private static final Logger LOG = LoggerFactory.getLogger(CustomerExport.class);

  public static final String FORMAT = "crm-hub.customer-export/1";
  /** Messages read at a time. */
  static final int PAGE = 200;
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  /** Whether the export should stop (its client went away); throws to stop it. */
  @FunctionalInterface
  interface StopCheck {
    void check() throws IOException;
  }

  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final PortalAccounts accounts;
  private final Attachments attachments;
  private final Clock clock;
  private final Duration readTimeout;

  public CustomerExport(CustomerStore customers, ConversationStore conversations, PortalAccounts accounts,
      Attachments attachments, Clock clock, Duration readTimeout) {
    this.customers = customers;
    this.conversations = conversations;
    this.accounts = accounts;
    this.attachments = attachments;
    this.clock = clock;
    this.readTimeout = readTimeout;
  }

  /**
   * The customer whose export is asked for, checked before anything is sent: an unknown id fails
   * with {@link NotFound}; a customer merged into another fails with {@link Conflict} naming the
   * survivor, which holds its conversations and identities now (the absorbed record itself is
   * exported with the survivor's, as one of the customers merged into it).
   */
  public Future<Customer> subject(String customerId) {
    return customers.find(customerId).compose(customer -> {
      if (customer == null) {
        return Future.failedFuture(new NotFound("customer " + customerId));
      }
      if (customer.mergedAway()) {
        return Future.failedFuture(new Conflict("customer " + customerId + " was merged into customer "
            + customer.mergedInto() + ", which holds its conversations and identities now: export "
            + customer.mergedInto() + " instead"));
      }
      return Future.succeededFuture(customer);
    });
  }

  /** Writes the whole ZIP into {@code out}. Blocks: call it on a worker thread. */
  void write(Customer customer, OutputStream out, ContextWaits context, StopCheck stop) throws IOException {
    new Run(customer, context, stop).write(out);
  }

  /** The ZIP entry of an attachment's content: its id (unique) and its name made safe for any file system. */
  static String fileOf(String attachmentId, AttachmentMetadata attachment) {
    String name = AttachmentNames.forType(attachment.filename(), attachment.contentType());
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
    if (safe.length() > 100) {
      safe = safe.substring(safe.length() - 100);
    }
    return "attachments/" + attachmentId + "-" + safe;
  }

  /** One export: what it keeps between reading and writing. */
  private final class Run {

    /** An attachment a message names, and where the message is. */
    private record Named(String id, String conversationId, String messageId) {}

    private final Customer customer;
    private final String customerId;
    private final ContextWaits context;
    private final StopCheck stop;
    private final String exportedAt;
    private final ExportSummary summary;
    private final Map<String, Named> named = new LinkedHashMap<>();

    Run(Customer customer, ContextWaits context, StopCheck stop) {
      this.customer = customer;
      this.customerId = customer.id();
      this.context = context;
      this.stop = stop;
      this.exportedAt = clock.instant().toString();
      this.summary = new ExportSummary(profile(customer), exportedAt);
    }

    void write(OutputStream out) throws IOException {
      ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
      zip.putNextEntry(new ZipEntry("customer.json"));
      JsonGenerator json = JSON.createGenerator(zip, JsonEncoding.UTF8);
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeStringField("exportedAt", exportedAt);
      raw(json, "customer", profile(customer));
      Map<String, String> identities = context.await(() -> customers.identities(customerId));
      JsonArray linked = CustomersApi.linkedIdentities(identities);
      summary.identities(linked);
      raw(json, "identities", linked);
      writeMerges(json);
      writePortalAccounts(json, identities);
      List<SentimentPoint> points = context.await(() -> customers.sentimentPoints(customerId));
      raw(json, "sentimentPoints", new JsonArray(points.stream().map(SentimentPoint::toJson).toList()));
      writeConversations(json);
      List<Map.Entry<String, AttachmentMetadata>> files = writeAttachments(json);
      json.writeEndObject();
      json.close();
      zip.closeEntry();
      for (Map.Entry<String, AttachmentMetadata> file : files) {
        copyContent(zip, file.getKey(), file.getValue());
      }
      zip.putNextEntry(new ZipEntry("summary.txt"));
      zip.write(summary.text().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
    }

    /** Merge records naming this customer, and the customers merged into it with their own records. */
    private void writeMerges(JsonGenerator json) throws IOException {
      List<String> ids = context.await(() -> customers.mergeIds(customerId));
      json.writeArrayFieldStart("merges");
      List<JsonObject> absorbed = new java.util.ArrayList<>();
      for (String mergeId : ids) {
        JsonObject record = context.await(() -> customers.merge(mergeId));
        if (record == null) {
          continue;
        }
        json.writeRawValue(CustomerMerger.summary(record).encode());
        if (customerId.equals(record.getString("survivorId")) && "merged".equals(record.getString("status"))) {
          absorbed.add(record);
        }
      }
      json.writeEndArray();
      json.writeArrayFieldStart("mergedCustomers");
      for (JsonObject record : absorbed) {
        String absorbedId = record.getString("absorbedId");
        Customer other = context.await(() -> customers.find(absorbedId));
        if (other == null) {
          continue;
        }
        json.writeRawValue(new JsonObject()
            .put("id", absorbedId)
            .put("mergeId", record.getString("id"))
            .put("mergedAt", record.getString("at"))
            .put("profile", profile(other))
            .encode());
        summary.mergedCustomer(absorbedId, other.name(), record.getString("at"));
      }
      json.writeEndArray();
    }

    /**
     * The portal accounts of the customer's portal identities and the verified ones of its email
     * addresses (as the portal decides who an account acts for: an unverified account may be
     * anyone's who typed the address); never a password hash.
     */
    private void writePortalAccounts(JsonGenerator json, Map<String, String> identities) throws IOException {
      Map<String, JsonObject> found = new LinkedHashMap<>();
      for (String key : new java.util.TreeSet<>(identities.keySet())) {
        Identity identity = Identity.parse(key);
        JsonObject account = identity.type() == IdentityType.EMAIL
            ? context.await(() -> accounts.withoutSecretsByEmail(identity.value()))
            : identity.type() == IdentityType.PORTAL ? context.await(() -> accounts.withoutSecrets(identity.value()))
            : null;
        boolean theirs = account != null && (identity.type() == IdentityType.PORTAL || account.getBoolean("verified"));
        if (theirs) {
          found.putIfAbsent(account.getString("accountId"), account);
        }
      }
      json.writeArrayFieldStart("portalAccounts");
      for (JsonObject account : found.values()) {
        json.writeRawValue(account.encode());
        summary.portalAccount(account);
      }
      json.writeEndArray();
    }

    /**
     * Every conversation, least recently active first, each with every message in time order. The
     * ids are read at once (ids only); the conversations and messages as they are written.
     */
    private void writeConversations(JsonGenerator json) throws IOException {
      List<Scored> ids = context.await(() -> customers.allConversations(customerId));
      json.writeArrayFieldStart("conversations");
      for (Scored entry : ids) {
        stop.check();
        Conversation conversation = context.await(() -> conversations.find(entry.member()));
        if (conversation != null) {
          writeConversation(json, conversation);
        }
      }
      json.writeEndArray();
    }

    private void writeConversation(JsonGenerator json, Conversation conversation) throws IOException {
      JsonObject fields = conversation.summary(customer.name());
      json.writeStartObject();
      for (Map.Entry<String, Object> field : fields) {
        json.writeFieldName(field.getKey());
        json.writeRawValue(io.vertx.core.json.Json.encode(field.getValue()));
      }
      json.writeArrayFieldStart("messages");
      String conversationId = conversation.id();
      // a message filed meanwhile with an earlier time shifts the ranks: the page after it starts
      // with one written already, which is left out the second time
      Set<String> written = new HashSet<>();
      for (long start = 0; ; start += PAGE) {
        stop.check();
        long from = start;
        List<JsonObject> page = context.await(() -> conversations.messagePage(conversationId, from, PAGE));
        for (JsonObject message : page) {
          if (!written.add(String.valueOf(message.getString("id")))) {
            continue;
          }
          MessageKind kind = MessageKind.of(message);
          message.put("kind", kind.wireName()).put("author", kind.authorWireName());
          json.writeRawValue(message.encode());
          summary.message(message.getString("channel", conversation.channel()), kind);
          noteAttachments(conversationId, message);
        }
        if (page.size() < PAGE) {
          break;
        }
      }
      json.writeEndArray();
      json.writeEndObject();
      summary.conversation(fields, written.size());
    }

    /** Mail attachments ({@code metadata.attachments}) and a portal upload ({@code metadata.attachment}) kept by the hub. */
    private void noteAttachments(String conversationId, JsonObject message) {
      JsonObject metadata = message.getValue("metadata") instanceof JsonObject m ? m : null;
      if (metadata == null) {
        return;
      }
      List<Object> listed = new java.util.ArrayList<>();
      if (metadata.getValue("attachments") instanceof JsonArray many) {
        many.forEach(listed::add);
      }
      listed.add(metadata.getValue("attachment"));
      for (Object entry : listed) {
        if (entry instanceof JsonObject attachment && Attachments.isId(attachment.getString("id"))) {
          named.putIfAbsent(attachment.getString("id"),
              new Named(attachment.getString("id"), conversationId, message.getString("id")));
        }
      }
    }

    /** The attachments' records, each naming its file in the ZIP; returns those whose content is to be copied. */
    private List<Map.Entry<String, AttachmentMetadata>> writeAttachments(JsonGenerator json) throws IOException {
      List<Map.Entry<String, AttachmentMetadata>> files = new java.util.ArrayList<>();
      json.writeArrayFieldStart("attachments");
      for (Named attachment : named.values()) {
        stop.check();
        AttachmentMetadata stored = context.await(() -> attachments.find(attachment.id()));
        if (stored == null) {
          continue;
        }
        String file = fileOf(attachment.id(), stored);
        json.writeRawValue(new JsonObject()
            .put("id", attachment.id())
            .put("conversationId", attachment.conversationId())
            .put("messageId", attachment.messageId())
            .put("filename", stored.filename())
            .put("contentType", stored.contentType())
            .put("size", stored.size())
            .put("sha256", stored.sha256())
            .put("file", file)
            .encode());
        files.add(Map.entry(file, stored));
      }
      json.writeEndArray();
      return files;
    }

    /** Pipes one attachment's content from the blob store into its ZIP entry. */
    private void copyContent(ZipOutputStream zip, String file, AttachmentMetadata attachment) throws IOException {
      stop.check();
      OpenBlob blob = context.await(() -> attachments.open(attachment, null));
      if (blob == null) {
        LOG.error("an export of customer {} found no content for {} (blob {} in the {} store)", customerId, file,
            attachment.sha256(), attachment.store());
        summary.attachment(file, attachment.filename(), attachment.size(), true);
        return;
      }
      BlobInputStream content = new BlobInputStream(context, readTimeout);
      context.run(() -> blob.pipeTo(content).onFailure(content::failed));
      try (InputStream in = content) {
        zip.putNextEntry(new ZipEntry(file));
        byte[] buffer = new byte[16 * 1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          zip.write(buffer, 0, read);
        }
        zip.closeEntry();
      }
      summary.attachment(file, attachment.filename(), attachment.size(), false);
    }
  }

  /** The customer's record as stored, with its id. */
  private static JsonObject profile(Customer customer) {
    JsonObject profile = new JsonObject().put("id", customer.id());
    new java.util.TreeMap<>(customer.fields()).forEach(profile::put);
    return profile;
  }

  private static void raw(JsonGenerator json, String field, Object value) throws IOException {
    json.writeFieldName(field);
    json.writeRawValue(io.vertx.core.json.Json.encode(value));
  }
}
