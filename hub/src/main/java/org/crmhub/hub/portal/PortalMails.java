package org.crmhub.hub.portal;

import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.crmhub.portal.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mails the hub itself sends to portal customers: password-reset links (so a reset token
 * goes only to the account's mailbox, never back through the API) and the warning that someone
 * is guessing the account's password.
 */
public final class PortalMails {

  private static final Logger LOG = LoggerFactory.getLogger(PortalMails.class);

  private final Mailer mailer;
  private final String portalUrl;

  /** @param portalUrl how customers reach the portal; the links start with it */
  public PortalMails(Mailer mailer, String portalUrl) {
    this.mailer = mailer;
    this.portalUrl = portalUrl;
  }

  Future<Void> resetLink(String email, String token) {
    return mailer.send(email, "Reset your password",
        "To choose a new password for the customer support portal, open this link:\n\n"
            + portalUrl + "/password-reset/confirm?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "\n\nThe link works once, for one hour. If you did not ask for it, ignore this message.");
  }

  /** Best effort: a mail server that is down must not change the answer to the sign-in. */
  void guessingWarning(String email) {
    mailer.send(email, "Someone is trying to sign in to your account",
            "Someone has just tried many wrong passwords for your customer support portal account. "
                + "Sign-ins from where they try are paused for a while; you can still sign in as usual.\n\n"
                + "If this was not you, nothing is needed, but a long password used nowhere else keeps your "
                + "account safe. You can choose a new one at " + portalUrl + "/password-reset.")
        .onFailure(failure -> LOG.warn("could not send the sign-in warning mail", failure));
  }
}
