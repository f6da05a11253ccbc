package org.crmhub.portal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import org.crmhub.client.model.Channel;
import org.crmhub.client.model.ConversationStatus;
import org.crmhub.client.model.PortalConversationSummary;
import org.crmhub.portal.PortalSessions.Session;
import org.junit.jupiter.api.Test;

/** Whatever a value holds, the templates escape it for where it stands: no value becomes markup. */
class PagesTest {

  private static final String HOSTILE = "\"><script>alert('x')</script><a href='javascript:x'>";
  private static final Session SIGNED_IN = new Session("s1", HOSTILE, "acc_1", "ann@example.com", HOSTILE);

  @Test
  void valuesInTextAndAttributesNeverBecomeMarkup() {
    List<String> pages = List.of(
        Pages.signIn(null, HOSTILE, HOSTILE),
        Pages.signUp(SIGNED_IN, HOSTILE, HOSTILE, HOSTILE),
        Pages.checkMail(SIGNED_IN, HOSTILE, HOSTILE),
        Pages.verify(SIGNED_IN, HOSTILE, HOSTILE),
        Pages.resetConfirm(SIGNED_IN, HOSTILE, HOSTILE),
        Pages.newRequest(SIGNED_IN, HOSTILE, HOSTILE, HOSTILE),
        Pages.problem(SIGNED_IN, 400, HOSTILE, HOSTILE),
        Pages.conversations(SIGNED_IN, List.of(new PortalConversationSummary().id(HOSTILE).subject(HOSTILE)
            .channel(Channel.EMAIL).status(ConversationStatus.OPEN).preview(HOSTILE)
            .lastActivityAt(OffsetDateTime.parse("2026-12-04T10:00:00Z"))), HOSTILE));
    for (String page : pages) {
      assertFalse(page.contains("<script"), page);
      assertFalse(page.contains("<a href='javascript"), page);
      assertTrue(page.contains("&lt;script&gt;") || page.contains("&lt;script>"), page);
      assertTrue(page.startsWith("<!doctype html>"), page);
    }
  }

  @Test
  void aSignedInVisitorGetsTheSignOutFormWithTheirToken() {
    Session session = new Session("s1", "token-123", "acc_1", "ann@example.com", "Ann");
    String page = Pages.conversations(session, List.of(), null);
    assertTrue(page.contains("action=\"/sign-out\""), page);
    assertTrue(page.contains("name=\"csrf\" value=\"token-123\""), page);
    assertTrue(page.contains("You have no conversations with us yet."), page);
    assertFalse(Pages.signIn(null, "", null).contains("/sign-out"));
  }
}
