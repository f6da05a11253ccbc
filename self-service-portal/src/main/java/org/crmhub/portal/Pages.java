package org.crmhub.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crmhub.client.model.PortalConversation;
import org.crmhub.client.model.PortalConversationSummary;
import org.crmhub.client.model.PortalSearchHit;
import org.crmhub.portal.PortalSessions.Session;
import org.crmhub.portal.pages.Visitor;

/**
 * The portal's pages, rendered from the jte templates in {@code src/main/jte}. jte escapes every
 * {@code ${…}} for where it stands (element text, attribute value), so no value from a customer,
 * a staff member or the hub can become markup, and nobody has to remember to escape. No inline
 * script or style, so the strict Content-Security-Policy holds.
 */
final class Pages {

  /** Templates compiled at build time into this package (the jte Maven plugin's {@code packageName}). */
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
      Pages.class.getClassLoader(), "org.crmhub.portal.pages");

  private Pages() {}

  static String signIn(Session session, String email, String message) {
    return render("signIn", session, "email", email, "message", message);
  }

  static String signUp(Session session, String email, String name, String message) {
    return render("signUp", session, "email", email, "name", name, "message", message);
  }

  static String checkMail(Session session, String title, String what) {
    return render("checkMail", session, "title", title, "what", what);
  }

  static String verify(Session session, String token, String message) {
    return render("verify", session, "token", token, "message", message);
  }

  static String resetRequest(Session session, String message) {
    return render("resetRequest", session, "message", message);
  }

  static String resetConfirm(Session session, String token, String message) {
    return render("resetConfirm", session, "token", token, "message", message);
  }

  static String conversations(Session session, List<PortalConversationSummary> items, String notice) {
    return render("conversations", session, "items", items, "notice", notice);
  }

  static String conversation(Session session, PortalConversation conversation, String message) {
    return render("conversation", session, "conversation", conversation, "message", message);
  }

  static String newRequest(Session session, String subject, String text, String message) {
    return render("newRequest", session, "subject", subject, "text", text, "message", message);
  }

  /**
   * @param items null before a search (the form alone)
   * @param nextCursor where the next page starts, or null on the last
   */
  static String search(Session session, String q, List<PortalSearchHit> items, String nextCursor, String message) {
    return render("search", session, "q", q, "items", items, "nextCursor", nextCursor, "message", message);
  }

  static String problem(Session session, int status, String title, String message) {
    return render("problem", session, "status", status, "title", title, "message", message);
  }

  /** @param namesAndValues the template's parameters after {@code visitor}, name then value; values may be null */
  private static String render(String template, Session session, Object... namesAndValues) {
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("visitor", session == null
        ? new Visitor(false, "")
        : new Visitor(session.signedIn(), session.csrfToken()));
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    StringOutput page = new StringOutput();
    TEMPLATES.render(template + ".jte", parameters, page);
    return page.toString();
  }
}
