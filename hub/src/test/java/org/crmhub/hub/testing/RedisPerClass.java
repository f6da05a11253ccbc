package org.crmhub.hub.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestRedis} for a test class, started before its first test and stopped after its
 * last: {@code @RegisterExtension static final RedisPerClass redis = new RedisPerClass();}.
 */
public final class RedisPerClass implements BeforeAllCallback, AfterAllCallback {

  private TestRedis server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = TestRedis.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public String url() {
    return server.url();
  }

  public Path dataDir() {
    return server.dataDir();
  }
}
