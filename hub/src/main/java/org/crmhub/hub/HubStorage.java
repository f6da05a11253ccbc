package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.crmhub.hub.attachment.Attachments;
import org.crmhub.hub.attachment.BlobStore;
import org.crmhub.hub.attachment.LegacyAttachmentMigration;
import org.crmhub.hub.auth.ApiKeyStore;
import org.crmhub.hub.auth.PasswordHasher;
import org.crmhub.hub.auth.SessionStore;
import org.crmhub.hub.auth.StaffStore;
import org.crmhub.hub.channels.ChannelHealthStore;
import org.crmhub.hub.conversation.ConversationKeys;
import org.crmhub.hub.conversation.ConversationStore;
import org.crmhub.hub.conversation.InboxIndex;
import org.crmhub.hub.customer.CustomerStore;
import org.crmhub.hub.customer.duplicates.DuplicateIndex;
import org.crmhub.hub.events.DomainEvents;
import org.crmhub.hub.ingest.DeadLetters;
import org.crmhub.hub.ingest.IngestKeys;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.portal.PortalSecret;
import org.crmhub.hub.presence.PresenceStore;
import org.crmhub.hub.redis.EmbeddedRedis;
import org.crmhub.hub.redis.Redis;
import org.crmhub.hub.redis.RedisWatchdog;
import org.crmhub.hub.redis.ReplicatedWriter;
import org.crmhub.hub.webhooks.WebhookStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's storage: Redis (the embedded one when no URL is configured), its watchdog, and every
 * store, each built once. Processing gets a connection of its own ({@link #processing()}) so its
 * many small steps do not queue behind bursts of API traffic on the shared one.
 */
final class HubStorage {

  private static final Logger LOG = LoggerFactory.getLogger(HubStorage.class);

  /** Redis silent this long: contacts are refused at once (503) instead of waiting on a timeout. */
  private static final Duration REDIS_STALL = Duration.ofSeconds(2);
  private static final int INGEST_PARTITIONS = 2;

  private final Vertx vertx;
  private final EmbeddedRedis embeddedRedis;
  private final String url;
  private final Redis redis;
  private final ProcessingStores processing;
  private final RedisWatchdog watchdog;
  private final PortalSecret portalSecret;
  private final ReplicatedWriter replicatedWriter;
  private final IngestKeys ingestKeys = new IngestKeys(INGEST_PARTITIONS);
  private final CustomerStore customers;
  private final ConversationStore conversations;
  private final InboxIndex inbox;
  private final DomainEvents events;
  private final DeadLetters deadLetters;
  private final ChannelHealthStore channelHealth;
  private final ApiKeyStore apiKeys;
  private final SessionStore sessions;
  private final StaffStore staff;
  private final WebhookStore webhooks;
  private final BlobStore blobs;
  private final Attachments attachments;
  private final LegacyAttachmentMigration attachmentMigration;
  private final PresenceStore presence;
  private final DuplicateIndex duplicates;

  /** The stores processing works on, on its own connection. */
  record ProcessingStores(Redis redis, CustomerStore customers, ConversationStore conversations, InboxIndex inbox,
      DomainEvents events, DeadLetters deadLetters, WebhookStore webhooks, DuplicateIndex duplicates) {

    private static ProcessingStores on(Redis redis, IngestKeys ingestKeys) {
      return new ProcessingStores(redis, new CustomerStore(redis), new ConversationStore(redis), new InboxIndex(redis),
          new DomainEvents(redis, ConversationKeys::eventSequence), new DeadLetters(redis, ingestKeys),
          new WebhookStore(redis), new DuplicateIndex(redis));
    }
  }

  private HubStorage(Vertx vertx, EmbeddedRedis embeddedRedis, String url, Redis redis, Redis processing,
      PortalSecret portalSecret, ReplicatedWriter replicatedWriter, BlobStore blobs) {
    this.vertx = vertx;
    this.embeddedRedis = embeddedRedis;
    this.url = url;
    this.redis = redis;
    this.processing = ProcessingStores.on(processing, ingestKeys);
    this.portalSecret = portalSecret;
    this.replicatedWriter = replicatedWriter;
    this.watchdog = new RedisWatchdog(vertx, redis, REDIS_STALL);
    this.customers = new CustomerStore(redis);
    this.conversations = new ConversationStore(redis);
    this.inbox = new InboxIndex(redis);
    this.events = new DomainEvents(redis, ConversationKeys::eventSequence);
    this.deadLetters = new DeadLetters(redis, ingestKeys);
    this.channelHealth = new ChannelHealthStore(redis);
    this.apiKeys = new ApiKeyStore(redis);
    this.sessions = new SessionStore(redis);
    this.staff = new StaffStore(vertx, redis, new PasswordHasher());
    this.webhooks = new WebhookStore(redis);
    this.blobs = blobs;
    this.attachments = new Attachments(vertx, redis, blobs);
    this.attachmentMigration = new LegacyAttachmentMigration(redis, attachments);
    this.presence = new PresenceStore(redis);
    this.duplicates = new DuplicateIndex(redis);
  }

  /**
   * Opens the blob store, starts the embedded Redis when {@code config} names none, connects, loads
   * the portal secret, and starts moving attachments still kept in Redis to the blob store.
   */
  static Future<HubStorage> open(Vertx vertx, HubConfig config) {
    return config.blobs().open(vertx).compose(blobs -> startRedis(vertx, config, blobs)
        .onSuccess(storage -> {
          LOG.info("attachments are kept as {}", config.blobs().describe());
          storage.attachmentMigration.run();
        })
        .recover(failure -> blobs.close().transform(closed -> Future.failedFuture(failure))));
  }

  private static Future<HubStorage> startRedis(Vertx vertx, HubConfig config, BlobStore blobs) {
    if (config.redisUrl() != null) {
      return connect(vertx, null, config.redisUrl(), config.replicaAcks(), blobs);
    }
    return vertx.executeBlocking(() -> EmbeddedRedis.start(config.dataDir()))
        .compose(embedded -> connect(vertx, embedded, embedded.url(), config.replicaAcks(), blobs)
            .recover(failure -> stopEmbedded(vertx, embedded).transform(stopped -> Future.failedFuture(failure))));
  }

  private static Future<HubStorage> connect(Vertx vertx, EmbeddedRedis embedded, String url, ReplicaAcks acks,
      BlobStore blobs) {
    return Redis.connect(vertx, url).compose(redis -> PortalSecret.load(redis)
        .compose(secret -> redis.dedicatedConnection()
            .compose(processing -> (acks.required() ? ReplicatedWriter.open(redis) : Future.<ReplicatedWriter>succeededFuture())
                .map(writer -> {
                  HubStorage storage = new HubStorage(vertx, embedded, url, redis, processing, secret, writer, blobs);
                  storage.watchdog.start();
                  return storage;
                })))
        .recover(failure -> redis.shutdown().transform(closed -> Future.failedFuture(failure))));
  }

  /** Closes the connections, then stops the embedded Redis; the last part of the hub to stop. */
  Future<Void> close() {
    watchdog.stop();
    attachmentMigration.stop();
    return redis.shutdown()
        .eventually(() -> embeddedRedis == null ? Future.<Void>succeededFuture() : stopEmbedded(vertx, embeddedRedis))
        .eventually(blobs::close);
  }

  private static Future<Void> stopEmbedded(Vertx vertx, EmbeddedRedis embedded) {
    return vertx.executeBlocking(() -> {
      embedded.stop();
      return null;
    });
  }

  String url() {
    return url;
  }

  Redis redis() {
    return redis;
  }

  ProcessingStores processing() {
    return processing;
  }

  /** The writer that waits for replicas after each accept; null when none are required. */
  ReplicatedWriter replicatedWriter() {
    return replicatedWriter;
  }

  RedisWatchdog watchdog() {
    return watchdog;
  }

  PortalSecret portalSecret() {
    return portalSecret;
  }

  IngestKeys ingestKeys() {
    return ingestKeys;
  }

  CustomerStore customers() {
    return customers;
  }

  ConversationStore conversations() {
    return conversations;
  }

  InboxIndex inbox() {
    return inbox;
  }

  DomainEvents events() {
    return events;
  }

  DeadLetters deadLetters() {
    return deadLetters;
  }

  ChannelHealthStore channelHealth() {
    return channelHealth;
  }

  ApiKeyStore apiKeys() {
    return apiKeys;
  }

  SessionStore sessions() {
    return sessions;
  }

  StaffStore staff() {
    return staff;
  }

  WebhookStore webhooks() {
    return webhooks;
  }

  BlobStore blobs() {
    return blobs;
  }

  Attachments attachments() {
    return attachments;
  }

  PresenceStore presence() {
    return presence;
  }

  DuplicateIndex duplicates() {
    return duplicates;
  }
}
