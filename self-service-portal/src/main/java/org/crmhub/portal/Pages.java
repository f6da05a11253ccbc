package org.crmhub.portal;

import static org.crmhub.portal.Html.escape;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.crmhub.client.model.PortalConversation;
import org.crmhub.client.model.PortalConversationSummary;
import org.crmhub.client.model.PortalMessage;
import org.crmhub.portal.PortalSessions.Session;

/**
 * The portal's pages. Every value that came from a customer, a staff member or the hub goes
 * through {@link Html#escape}; the markup around it is fixed text. No inline script or style, so
 * the strict Content-Security-Policy holds.
 */
final class Pages {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'");

  private Pages() {}

  static String layout(Session session, String title, String content) {
    String nav = session != null && session.signedIn()
        ? """
          <a href="/conversations">My requests</a>
          <a href="/requests/new">New request</a>
          <form method="post" action="/sign-out" class="inline">%s
            <button type="submit" class="link">Sign out</button>
          </form>""".formatted(csrf(session))
        : """
          <a href="/sign-in">Sign in</a>
          <a href="/sign-up">Create an account</a>""";
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Customer support</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/static/portal.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
        <p class="brand"><a href="/">Customer support</a></p>
        <nav aria-label="Main">%s
        </nav>
        </header>
        <main id="main">
        <h1>%s</h1>
        %s
        </main>
        <footer><p>Replies from our team appear here and wherever you wrote to us.</p></footer>
        </body>
        </html>
        """.formatted(escape(title), nav, escape(title), content);
  }

  static String csrf(Session session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(session.csrfToken()) + "\">";
  }

  static String error(String message) {
    return message == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(message) + "</p>";
  }

  static String notice(String message) {
    return message == null ? "" : "<p class=\"notice\" role=\"status\">" + escape(message) + "</p>";
  }

  private static String field(String name, String label, String type, String value, String autocomplete,
      boolean required) {
    return """
        <p class="field"><label for="%s">%s</label>
        <input id="%s" name="%s" type="%s" value="%s" autocomplete="%s"%s></p>"""
        .formatted(name, label, name, name, type, escape(value), autocomplete, required ? " required" : "");
  }

  static String signIn(Session session, String email, String message) {
    return layout(session, "Sign in", error(message) + """
        <form method="post" action="/sign-in">%s
        %s
        %s
        <p><button type="submit">Sign in</button></p>
        </form>
        <p><a href="/password-reset">Forgot your password?</a> · <a href="/sign-up">Create an account</a></p>
        """.formatted(csrf(session), field("email", "Email", "email", email, "email", true),
        field("password", "Password", "password", "", "current-password", true)));
  }

  static String signUp(Session session, String email, String name, String message) {
    return layout(session, "Create an account", error(message) + """
        <p>Use the email address you write to us from, so we can show you your earlier conversations.</p>
        <form method="post" action="/sign-up">%s
        %s
        %s
        %s
        <p class="hint" id="password-hint">At least 10 characters.</p>
        <p><button type="submit">Create account</button></p>
        </form>
        """.formatted(csrf(session), field("name", "Your name (optional)", "text", name, "name", false),
        field("email", "Email", "email", email, "email", true),
        field("password", "Password", "password", "", "new-password", true)));
  }

  static String checkMail(Session session, String title, String what) {
    return layout(session, title, notice("If the address belongs to you, a message with a link is on its way. "
        + "The link " + what + ".") + "<p><a href=\"/sign-in\">Back to sign in</a></p>");
  }

  static String verify(Session session, String token, String message) {
    return layout(session, "Confirm your email", error(message) + """
        <p>Enter the password you chose when you created the account to finish.</p>
        <form method="post" action="/verify">%s
        <input type="hidden" name="token" value="%s">
        %s
        <p><button type="submit">Confirm</button></p>
        </form>
        """.formatted(csrf(session), escape(token), field("password", "Password", "password", "", "current-password",
        true)));
  }

  static String resetRequest(Session session, String message) {
    return layout(session, "Reset your password", error(message) + """
        <form method="post" action="/password-reset">%s
        %s
        <p><button type="submit">Send me a link</button></p>
        </form>
        """.formatted(csrf(session), field("email", "Email", "email", "", "email", true)));
  }

  static String resetConfirm(Session session, String token, String message) {
    return layout(session, "Choose a new password", error(message) + """
        <form method="post" action="/password-reset/confirm">%s
        <input type="hidden" name="token" value="%s">
        %s
        <p class="hint">At least 10 characters.</p>
        <p><button type="submit">Save password</button></p>
        </form>
        """.formatted(csrf(session), escape(token),
        field("password", "New password", "password", "", "new-password", true)));
  }

  static String conversations(Session session, List<PortalConversationSummary> items, String notice) {
    StringBuilder list = new StringBuilder();
    for (PortalConversationSummary item : items) {
      list.append("""
          <li><a href="/conversations/%s">%s</a>
          <span class="meta">%s · %s · last activity %s</span>
          <span class="preview">%s</span></li>
          """.formatted(escape(item.getId()), escape(subjectOf(item.getSubject(), item.getChannel().getValue())),
          status(item.getStatus().getValue()), escape(channelName(item.getChannel().getValue())),
          when(item.getLastActivityAt()), escape(item.getPreview())));
    }
    String body = items.isEmpty()
        ? "<p>You have no conversations with us yet.</p>"
        : "<ul class=\"conversations\">" + list + "</ul>";
    return layout(session, "My requests", notice(notice) + body
        + "<p><a class=\"button\" href=\"/requests/new\">Open a new request</a></p>");
  }

  static String conversation(Session session, PortalConversation conversation, String message) {
    StringBuilder messages = new StringBuilder();
    for (PortalMessage each : conversation.getMessages()) {
      boolean fromUs = each.getDirection() == PortalMessage.DirectionEnum.OUTBOUND;
      String attachment = each.getAttachment() == null ? "" : """
          <p class="attachment">Attachment: <a href="/conversations/%s/attachments/%s">%s</a> (%s, %d bytes)</p>"""
          .formatted(escape(conversation.getId()), escape(each.getAttachment().getId()),
              escape(each.getAttachment().getFilename()), escape(each.getAttachment().getContentType()),
              each.getAttachment().getSize());
      messages.append("""
          <li class="%s"><article>
          <h2>%s <span class="meta">%s · via %s</span></h2>
          <div class="text">%s</div>%s
          </article></li>
          """.formatted(fromUs ? "staff" : "customer", fromUs ? "Support team" : "You", when(each.getAt()),
          escape(channelName(each.getChannel().getValue())), escape(each.getText()), attachment));
    }
    boolean closed = "closed".equals(conversation.getStatus().getValue());
    String reply = closed
        ? "<p>This conversation is closed. <a href=\"/requests/new\">Open a new request</a> if you need more help.</p>"
        : """
          <form method="post" action="/replies">%s
          <input type="hidden" name="conversationId" value="%s">
          <p class="field"><label for="text">Your reply</label>
          <textarea id="text" name="text" rows="5" maxlength="10000" required></textarea></p>
          <p><button type="submit">Send reply</button></p>
          </form>""".formatted(csrf(session), escape(conversation.getId()));
    return layout(session, subjectOf(conversation.getSubject(), conversation.getChannel().getValue()),
        "<p class=\"meta\">" + status(conversation.getStatus().getValue()) + " · started "
            + when(conversation.getCreatedAt()) + " · " + escape(channelName(conversation.getChannel().getValue()))
            + "</p>" + error(message) + "<ol class=\"messages\">" + messages + "</ol>" + reply
            + "<p><a href=\"/conversations\">All my requests</a></p>");
  }

  static String newRequest(Session session, String subject, String text, String message) {
    return layout(session, "Open a new request", error(message) + """
        <form method="post" action="/requests" enctype="multipart/form-data">%s
        %s
        <p class="field"><label for="text">How can we help?</label>
        <textarea id="text" name="text" rows="8" maxlength="10000" required>%s</textarea></p>
        <p class="field"><label for="attachment">Attachment (optional)</label>
        <input id="attachment" name="attachment" type="file" accept="image/png,image/jpeg,application/pdf,text/plain"
          aria-describedby="attachment-hint"></p>
        <p class="hint" id="attachment-hint">PNG, JPEG, PDF or text, up to 256 KB.</p>
        <p><button type="submit">Send request</button></p>
        </form>
        """.formatted(csrf(session), field("subject", "Subject", "text", subject, "off", true), escape(text)));
  }

  static String problem(Session session, int status, String title, String message) {
    return layout(session, title, "<p>" + escape(message) + "</p><p class=\"meta\">Error " + status
        + "</p><p><a href=\"/\">Go to the start page</a></p>");
  }

  private static String subjectOf(String subject, String channel) {
    return subject != null && !subject.isBlank() ? subject : "Conversation by " + channelName(channel);
  }

  private static String status(String status) {
    return "<span class=\"status status-" + escape(status) + "\">" + escape(switch (status) {
      case "open" -> "Open";
      case "pending" -> "Waiting for you";
      case "closed" -> "Closed";
      default -> status;
    }) + "</span>";
  }

  private static String channelName(String channel) {
    return switch (channel) {
      case "email" -> "email";
      case "phone" -> "phone";
      case "sms" -> "text message";
      case "x" -> "X";
      case "messenger" -> "Messenger";
      case "instagram" -> "Instagram";
      case "portal" -> "this portal";
      default -> channel;
    };
  }

  private static String when(OffsetDateTime at) {
    return at == null ? "" : escape(WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC)));
  }
}
