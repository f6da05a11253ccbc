package org.crmhub.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.crmhub.hub.ingest.IntakeSettings;
import org.crmhub.hub.ingest.ReplicaAcks;
import org.crmhub.hub.sentiment.learning.LearningSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HubConfigTest {

  @ParameterizedTest
  @CsvSource({
      "PORT, eighty",
      "CRMHUB_CONSUME_INGEST, maybe",
      "CRMHUB_RECLAIM_IDLE_MS, -5",
      "CRMHUB_WEBHOOK_TIMEOUT_MS, soon",
      "CRMHUB_WEBHOOK_RETRY_SCHEDULE_MS, '0, later'",
      "CRMHUB_WEBHOOK_ALLOW_LOOPBACK_FOR_TESTS, yes",
      "CRMHUB_X_POLL_INTERVAL_SECONDS, 1e3",
      "CRMHUB_HTTP_INSTANCES, 0",
      "CRMHUB_MAX_BACKLOG, -1",
      "CRMHUB_PACE_ABOVE_BACKLOG, -1",
      "CRMHUB_PACE_MAX_DELAY_MS, 5001",
      "CRMHUB_PACE_MAX_DELAY_MS, half a second",
      "CRMHUB_REDIS_REPLICA_ACKS, -1",
      "CRMHUB_REDIS_REPLICA_ACKS, one",
      "CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS, 0",
      "CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS, 5000",
      "CRMHUB_SENTIMENT_RETRAIN_AFTER, 0",
      "CRMHUB_SENTIMENT_RETRAIN_AFTER, twenty",
      "CRMHUB_SENTIMENT_MODEL_CHECK_MS, 0",
      "PORTAL_PORT, 80.5"})
  void aValueThatCannotBeUsedStopsStartUpNamingItsVariable(String name, String value) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> HubConfig.fromEnvironment(Map.of(name, value)));

    assertTrue(refused.getMessage().startsWith(name + " "), refused.getMessage());
  }

  @Test
  void everySectionIsTypedFromTheEnvironment() {
    HubConfig config = HubConfig.fromEnvironment(Map.of(
        "PORT", "9090",
        "CRMHUB_CONSUME_INGEST", "FALSE",
        "CRMHUB_WEBHOOK_RETRY_SCHEDULE_MS", "0, 250 ,1000",
        "CRMHUB_WEBHOOK_HTTP_HOSTS", "hooks.internal, ",
        "TWILIO_AUTH_TOKEN", "token",
        "PORTAL_PUBLIC_URL", "https://help.example.com/",
        "CRMHUB_DEFAULT_REGION", "DE",
        "CRMHUB_REDIS_REPLICA_ACKS", "2",
        "CRMHUB_REDIS_REPLICA_ACK_TIMEOUT_MS", "250"));

    assertEquals(9090, config.port());
    assertEquals("http://localhost:9090", config.publicUrl());
    assertFalse(config.consumeIngest());
    assertEquals(List.of(Duration.ZERO, Duration.ofMillis(250), Duration.ofSeconds(1)),
        config.webhooks().retrySchedule());
    assertEquals(java.util.Set.of("hooks.internal"), config.webhooks().httpAllowedHosts());
    assertEquals("token", config.channel("phone").getString("authToken"));
    assertEquals("https://help.example.com", config.portalMail().publicUrl());
    assertEquals("DE", config.defaultRegion());
    assertEquals(new ReplicaAcks(2, Duration.ofMillis(250)), config.replicaAcks());
    assertEquals(ReplicaAcks.NONE, HubConfig.fromEnvironment(Map.of()).replicaAcks(), "no replicas by default");
  }

  @Test
  void answersArePacedAboveAThousandWaitingAndRefusedAboveAHundredThousandUnlessSetOtherwise() {
    assertEquals(new IntakeSettings(100_000, 1_000, Duration.ofMillis(500)), HubConfig.fromEnvironment(Map.of()).intake());
    assertEquals(new IntakeSettings(0, 2_000, Duration.ofMillis(250)), HubConfig.fromEnvironment(Map.of(
        "CRMHUB_MAX_BACKLOG", "0",
        "CRMHUB_PACE_ABOVE_BACKLOG", "2000",
        "CRMHUB_PACE_MAX_DELAY_MS", "250")).intake());
    assertFalse(HubConfig.fromEnvironment(Map.of("CRMHUB_PACE_ABOVE_BACKLOG", "0")).intake().pacing());
  }

  @Test
  void theSentimentModelIsRetrainedAfterTwentyCorrectionsUnlessSetOtherwise() {
    assertEquals(new LearningSettings(20, Duration.ofSeconds(10)), HubConfig.fromEnvironment(Map.of()).sentimentLearning());
    assertEquals(new LearningSettings(500, Duration.ofMillis(2500)), HubConfig.fromEnvironment(Map.of(
        "CRMHUB_SENTIMENT_RETRAIN_AFTER", "500",
        "CRMHUB_SENTIMENT_MODEL_CHECK_MS", "2500")).sentimentLearning());
  }

  @Test
  void theSearchIndexLivesUnderTheDataDirUnlessItsOwnFolderIsNamed() {
    HubConfig byDefault = HubConfig.fromEnvironment(Map.of("CRMHUB_DATA_DIR", "hub-data"));
    HubConfig named = HubConfig.fromEnvironment(Map.of("CRMHUB_DATA_DIR", "hub-data", "CRMHUB_SEARCH_DIR", "index"));

    assertEquals(java.nio.file.Path.of("hub-data", "search").toAbsolutePath(), byDefault.searchDir());
    assertEquals(java.nio.file.Path.of("index").toAbsolutePath(), named.searchDir());
  }
}
