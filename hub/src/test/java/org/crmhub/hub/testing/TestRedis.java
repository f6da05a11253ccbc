package org.crmhub.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crmhub.hub.redis.EmbeddedRedis;

/**
 * An embedded Redis for one test class, in a temporary directory. Tests share it and keep apart
 * by using unique ids; classes that need an empty store start their own.
 */
public final class TestRedis implements AutoCloseable {

  private final EmbeddedRedis redis;
  private final Path dataDir;

  private TestRedis(EmbeddedRedis redis, Path dataDir) {
    this.redis = redis;
    this.dataDir = dataDir;
  }

  public static TestRedis start() throws IOException {
    Path dir = Files.createTempDirectory("crmhub-test-redis");
    return new TestRedis(EmbeddedRedis.start(dir), dir);
  }

  public String url() {
    return redis.url();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    redis.stop();
  }
}
