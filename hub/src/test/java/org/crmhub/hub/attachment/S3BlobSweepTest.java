package org.crmhub.hub.attachment;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3BlobSweepTest extends BlobSweepContract {

  @RegisterExtension
  static final S3ProxyServer s3 = new S3ProxyServer();

  @Override
  Future<BlobStore> openEmptyStore(Vertx vertx) {
    return S3BlobStore.open(vertx, s3.settings("sweep-" + UUID.randomUUID(), S3ProxyServer.SECRET_KEY));
  }
}
