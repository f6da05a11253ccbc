package org.crmhub.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crmhub.hub.redis.EmbeddedRedis;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis for one test class, in a temporary directory. Tests share it and keep apart by using
 * unique ids; classes that need an empty store start their own.
 *
 * <p>With the system property {@code crmhub.test.redis=cluster} (the build's second test run)
 * it is a three-primary Redis Cluster instead of the embedded single server, so the same
 * integration tests prove every multi-key command keeps to one hash slot.
 */
public final class TestRedis implements AutoCloseable {

  private final EmbeddedRedis single;
  private final RedisClusterProcesses cluster;
  private final Path dataDir;

  private TestRedis(EmbeddedRedis single, RedisClusterProcesses cluster, Path dataDir) {
    this.single = single;
    this.cluster = cluster;
    this.dataDir = dataDir;
  }

  public static TestRedis start() throws IOException {
    Path dir = TestDirectories.create("crmhub-test-redis");
    if (!clusterMode()) {
      return new TestRedis(EmbeddedRedis.start(dir), null, dir);
    }
    Assumptions.assumeTrue(RedisClusterProcesses.available(),
        "the cluster test run needs Debian's redis-server and redis-cli (.ci/run installs them)");
    try {
      return new TestRedis(null, RedisClusterProcesses.start(dir), dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted starting the Redis Cluster", e);
    }
  }

  public static boolean clusterMode() {
    return "cluster".equals(System.getProperty("crmhub.test.redis"));
  }

  public String url() {
    return cluster != null ? cluster.url() : single.url();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    if (cluster != null) {
      cluster.close();
    } else {
      single.stop();
    }
  }
}
