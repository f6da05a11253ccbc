package org.crmhub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import java.time.Duration;

/**
 * A slow server, made of a fast one: a loopback TCP proxy that holds everything a client sends for
 * a fixed delay before passing it on (answers come back at once). Every command then takes at
 * least that long, which widens a window a fault test has to hit.
 */
public final class SlowTcpProxy {

  private final NetServer server;
  private final NetClient client;

  private SlowTcpProxy(NetServer server, NetClient client) {
    this.server = server;
    this.client = client;
  }

  public static Future<SlowTcpProxy> start(Vertx vertx, int targetPort, Duration delay) {
    NetClient client = vertx.createNetClient();
    NetServer server = vertx.createNetServer();
    server.connectHandler(inbound -> {
      inbound.pause();
      client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          inbound.close();
          return;
        }
        var outbound = connected.result();
        outbound.handler(inbound::write);
        // timers of one delay fire in the order they were set, so the stream keeps its order
        inbound.handler(chunk -> vertx.setTimer(delay.toMillis(), id -> outbound.write(chunk)));
        inbound.closeHandler(v -> outbound.close());
        outbound.closeHandler(v -> inbound.close());
        inbound.resume();
      });
    });
    return server.listen(0, "127.0.0.1").map(listening -> new SlowTcpProxy(listening, client));
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close().eventually(client::close);
  }
}
