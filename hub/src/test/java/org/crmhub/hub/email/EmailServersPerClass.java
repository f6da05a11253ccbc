package org.crmhub.hub.email;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Redis and GreenMail of {@link EmailChannelTest} for another test class of this package that
 * uses its helpers: {@code @ExtendWith(EmailServersPerClass.class)}.
 */
final class EmailServersPerClass implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    EmailChannelTest.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    EmailChannelTest.stop();
  }
}
