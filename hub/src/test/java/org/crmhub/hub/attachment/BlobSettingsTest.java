package org.crmhub.hub.attachment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.crmhub.connector.Environment;
import org.junit.jupiter.api.Test;

class BlobSettingsTest {

  private static final Path DATA = Path.of("/srv/crmhub/data");

  private static BlobSettings from(Map<String, String> variables) {
    return BlobSettings.fromEnvironment(new Environment(variables), DATA);
  }

  @Test
  void filesUnderTheDataDirByDefault() {
    BlobSettings settings = from(Map.of());
    assertEquals(DATA.resolve("attachments"), settings.directory());
    assertNull(settings.s3());
    assertEquals(Path.of("/mnt/shared/blobs"), from(Map.of("CRMHUB_BLOB_DIR", "/mnt/shared/blobs")).directory());
  }

  @Test
  void anS3UrlNamesBucketAndPrefixAndTheKeysFollowTheFilesLayout() {
    S3Settings s3 = from(Map.of("CRMHUB_BLOB_URL", "s3://crm-blobs/hubs/eu/", "CRMHUB_S3_ENDPOINT", "http://minio:9000",
        "CRMHUB_S3_ACCESS_KEY_ID", "id", "CRMHUB_S3_SECRET_ACCESS_KEY", "secret")).s3();
    assertEquals("crm-blobs", s3.bucket());
    assertEquals("hubs/eu", s3.prefix());
    assertEquals(URI.create("http://minio:9000"), s3.endpoint());
    assertEquals("us-east-1", s3.region());
    assertTrue(s3.pathStyle(), "an endpoint of its own is most likely MinIO, Ceph or s3proxy");
    String digest = "ab" + "0".repeat(62);
    assertEquals("hubs/eu/ab/" + digest, s3.keyOf(digest));
    assertFalse(s3.toString().contains("secret"));

    S3Settings aws = from(Map.of("CRMHUB_BLOB_URL", "s3://crm-blobs", "CRMHUB_S3_REGION", "eu-central-1")).s3();
    assertEquals("", aws.prefix());
    assertEquals("ab/" + digest, aws.keyOf(digest));
    assertNull(aws.endpoint());
    assertNull(aws.accessKeyId());
    assertFalse(aws.pathStyle());
  }

  @Test
  void sweepsHourlyByDefaultAndNeverWithAGraceTooShortForARecordToFollowItsBlob() {
    BlobSettings defaults = from(Map.of());
    assertEquals(java.time.Duration.ofHours(1), defaults.sweepEvery());
    assertEquals(java.time.Duration.ofHours(1), defaults.sweepGrace());
    BlobSettings set = from(Map.of("CRMHUB_BLOB_SWEEP_EVERY_SECONDS", "0", "CRMHUB_BLOB_SWEEP_GRACE_SECONDS", "86400"));
    assertTrue(set.sweepEvery().isZero(), "0 turns sweeps off");
    assertEquals(java.time.Duration.ofDays(1), set.sweepGrace());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("CRMHUB_BLOB_SWEEP_GRACE_SECONDS", "5")))
        .getMessage().contains("CRMHUB_BLOB_SWEEP_GRACE_SECONDS"));
  }

  @Test
  void settingsThatCannotBeUsedNameTheirVariable() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("CRMHUB_BLOB_URL", "gs://bucket")))
        .getMessage().contains("CRMHUB_BLOB_URL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("CRMHUB_BLOB_URL", "s3:///prefix")))
        .getMessage().contains("CRMHUB_BLOB_URL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("CRMHUB_BLOB_URL", "s3://b",
        "CRMHUB_S3_ACCESS_KEY_ID", "id"))).getMessage().contains("CRMHUB_S3_SECRET_ACCESS_KEY"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> from(Map.of("CRMHUB_BLOB_URL", "s3://b",
        "CRMHUB_S3_ENDPOINT", "minio:9000"))).getMessage().contains("CRMHUB_S3_ENDPOINT"));
  }
}
