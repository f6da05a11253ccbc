package org.crmhub.portal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import org.crmhub.client.model.Channel;
import org.crmhub.client.model.ConversationStatus;
import org.crmhub.client.model.PortalConversationSummary;
import org.crmhub.client.model.PortalSearchHit;
import org.crmhub.client.model.SearchHighlight;
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
        Pages.search(SIGNED_IN, HOSTILE, List.of(hit(HOSTILE, 0, 5)), HOSTILE, HOSTILE),
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

  private static PortalSearchHit hit(String snippet, int start, int end) {
    return new PortalSearchHit().conversationId("cv_1").messageId("m_1").channel(Channel.EMAIL)
        .at(OffsetDateTime.parse("2026-12-04T10:00:00Z")).snippet(snippet)
        .highlights(List.of(new SearchHighlight().start(start).end(end)));
  }

  @Test
  void searchResultsMarkTheMatchedWordsAndEscapeEverythingElse() {
    String snippet = "<script>alert('x')</script> my kettle leaks <b>again</b>";
    int kettle = snippet.indexOf("kettle");
    PortalSearchHit found = hit(snippet, kettle, kettle + 6)
        .highlights(List.of(new SearchHighlight().start(kettle).end(kettle + 6),
            new SearchHighlight().start(0).end(8), new SearchHighlight().start(2).end(4),
            new SearchHighlight().start(snippet.length() - 3).end(snippet.length() + 40)));
    String page = Pages.search(SIGNED_IN, "kettle & \"co\"", List.of(found), "bmV4dA", null);
    assertTrue(page.contains("<mark>kettle</mark>"), page);
    assertTrue(page.contains("<mark>&lt;script&gt;</mark>"), "a range over markup-like text marks it as text: " + page);
    assertTrue(page.contains("<mark>/b&gt;</mark>"), "a range past the end is cut at the end: " + page);
    assertFalse(page.contains("<script"), page);
    assertFalse(page.contains("<b>"), page);
    assertTrue(page.contains("href=\"/conversations/cv_1#m-m_1\""), page);
    assertTrue(page.contains("href=\"/search?q=kettle+%26+%22co%22&amp;cursor=bmV4dA\""), page);
    assertTrue(page.contains("1 message found so far"), page);
    assertTrue(page.contains("<label for=\"q\">"), page);

    String none = Pages.search(SIGNED_IN, "nothing", List.of(), null, null);
    assertTrue(none.contains("No messages found"), none);
    assertFalse(none.contains("More results"), none);
    assertFalse(Pages.search(SIGNED_IN, "", null, null, null).contains("role=\"status\""), "no count before a search");
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
