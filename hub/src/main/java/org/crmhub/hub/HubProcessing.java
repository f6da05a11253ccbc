package org.crmhub.hub;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import org.crmhub.hub.channels.RedisLeases;
import org.crmhub.hub.conversation.ConversationThreader;
import org.crmhub.hub.customer.IdentityResolver;
import org.crmhub.hub.events.EventTail;
import org.crmhub.hub.health.HubMetrics;
import org.crmhub.hub.ingest.IngestConsumer;
import org.crmhub.hub.pipeline.ContactPipeline;
import org.crmhub.hub.sentiment.SentimentAnalyzer;
import org.crmhub.hub.sentiment.SentimentScoring;
import org.crmhub.hub.sentiment.learning.LearnedSentiment;
import org.crmhub.hub.sentiment.learning.SentimentModels;
import org.crmhub.hub.sentiment.learning.StoredModels;
import org.crmhub.hub.sentiment.learning.TrainingExamples;
import org.crmhub.hub.webhooks.DeliveryWorker;
import org.crmhub.hub.webhooks.EventFanOut;
import org.crmhub.hub.webhooks.WebhookSender;

/**
 * The hub's background work: the ingest consumers that file accepted contacts, the tail of domain
 * events that feeds live clients, and webhook fan-out and delivery.
 */
final class HubProcessing {

  private final boolean consumeIngest;
  private final IngestConsumer consumer;
  private final EventTail eventTail;
  private final EventFanOut webhookFanOut;
  private final DeliveryWorker webhookWorker;
  private final SentimentScoring sentiment;
  private final SentimentModels sentimentModels;
  private boolean started;

  /** @param hubId names this hub among those sharing Redis, in the webhook claims it holds */
  HubProcessing(Vertx vertx, HubConfig config, HubStorage storage, HubMetrics metrics, WebhookSender webhookSender,
      String hubId) {
    HubStorage.ProcessingStores stores = storage.processing();
    LearnedSentiment scorer = new LearnedSentiment(SentimentAnalyzer.fromClasspath()::score);
    this.sentiment = new SentimentScoring(vertx, scorer);
    this.sentimentModels = new SentimentModels(vertx, new TrainingExamples(stores.redis()),
        new StoredModels(stores.redis()), new RedisLeases(stores.redis(), hubId), scorer, config.sentimentLearning(),
        Clock.systemUTC());
    this.consumeIngest = config.consumeIngest();
    this.consumer = new IngestConsumer(vertx, stores.redis(), storage.ingestKeys(), pipeline(stores, sentiment),
        stores.deadLetters(), config.reclaimIdle(), config.maxDeliveries(), config.replicaAcks(),
        storage.replicatedWriter());
    consumer.onProcessed((contact, acceptedAtMillis) -> metrics.contactProcessed(contact.channel(), acceptedAtMillis));
    this.eventTail = new EventTail(vertx, storage.redis());
    this.webhookFanOut = new EventFanOut(vertx, stores.redis(), stores.webhooks());
    this.webhookWorker = new DeliveryWorker(vertx, stores.webhooks(), webhookSender, config.webhooks(), hubId,
        metrics::webhookAttempt);
  }

  private static ContactPipeline pipeline(HubStorage.ProcessingStores stores, SentimentScoring sentiment) {
    return new ContactPipeline(new IdentityResolver(stores.customers(), stores.duplicates()),
        new ConversationThreader(stores.conversations(), stores.customers()), stores.conversations(),
        stores.customers(), stores.inbox(), sentiment, stores.events());
  }

  /** Loads the newest learned sentiment model before any contact is filed, so every hub scores alike. */
  Future<Void> start() {
    return sentimentModels.start()
        .compose(v -> consumeIngest ? consumer.start() : Future.<Void>succeededFuture())
        .compose(v -> eventTail.start())
        .compose(v -> webhookFanOut.start())
        .onSuccess(v -> {
          webhookWorker.start();
          started = true;
        });
  }

  /**
   * Stops every worker at once: each waits for its blocked read to return (up to its block time),
   * so stopping them one after another took a second per worker. One that fails to stop does not
   * keep the others running.
   */
  Future<Void> stop() {
    if (!started) {
      return Future.succeededFuture();
    }
    started = false;
    sentimentModels.stop();
    return Future.join(consumer.stop(), eventTail.stop(), webhookFanOut.stop(), webhookWorker.stop())
        .<Void>mapEmpty()
        .eventually(sentiment::close);
  }

  /** The learned sentiment model: its state, retraining on demand. */
  SentimentModels sentimentModels() {
    return sentimentModels;
  }

  EventTail eventTail() {
    return eventTail;
  }

  /** Whether contacts are being filed here, or this hub leaves that to others. */
  boolean filingContacts() {
    return !consumeIngest || consumer.isRunning();
  }
}
