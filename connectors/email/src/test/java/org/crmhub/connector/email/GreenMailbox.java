package org.crmhub.connector.email;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A GreenMail server on free loopback ports with one mailbox, and the email connector's settings for it. */
final class GreenMailbox {

  final GreenMail server;
  final GreenMailUser user;
  final String address;
  private final String login;

  /** Starts the server off the event loop. */
  static Future<GreenMailbox> start(Vertx vertx, String address, String login) {
    return vertx.executeBlocking(() -> new GreenMailbox(address, login));
  }

  private GreenMailbox(String address, String login) {
    this.server = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    server.start();
    this.user = server.setUser(address, login, "pw");
    this.address = address;
    this.login = login;
  }

  /** The connector's section reading this mailbox over plain IMAP, with {@code mailbox} laid over its entry. */
  JsonObject settings(JsonObject mailbox) {
    return new JsonObject().put("replyTokenSecret", "test-token-secret").put("mailboxes", new JsonArray()
        .add(new JsonObject().put("address", address)
            .put("imapUrl", "imap://" + login + ":pw@127.0.0.1:" + server.getImap().getPort() + "/INBOX")
            .put("allowPlaintext", true).mergeIn(mailbox)));
  }

  /** The connector state key of the INBOX offset. */
  String offsetKey() {
    return "offset:" + address + ":INBOX";
  }

  /** Stops the server off the event loop. */
  Future<Void> stop(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      server.stop();
      return null;
    });
  }
}
