package org.crmhub.portal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crmhub.client.ApiClient;
import org.crmhub.client.ApiException;
import org.crmhub.client.api.PortalApi;
import org.crmhub.client.model.PortalAccepted;
import org.crmhub.client.model.PortalAccount;
import org.crmhub.client.model.PortalAttachmentContent;
import org.crmhub.client.model.PortalAttachmentUpload;
import org.crmhub.client.model.PortalConversation;
import org.crmhub.client.model.PortalConversationList;
import org.crmhub.client.model.PortalReply;
import org.crmhub.client.model.PortalRequest;
import org.crmhub.client.model.PortalResetRequest;
import org.crmhub.client.model.PortalSignIn;
import org.crmhub.client.model.PortalSignUp;
import org.crmhub.client.model.PortalToken;
import org.crmhub.client.model.PortalTokenAndPassword;

/**
 * The hub, as the portal sees it: the generated client with the portal's key, every answer
 * brought back onto the portal's Vert.x context. A refusal by the hub becomes a {@link Refusal}
 * with its HTTP status; anything else (hub down, timeout) stays a plain failure.
 */
final class HubGateway {

  /** The hub answered with a problem. */
  static final class Refusal extends RuntimeException {
    private final int status;

    Refusal(int status, String detail) {
      super(detail, null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private final PortalApi api;
  private final Context context;

  HubGateway(String hubUrl, String apiKey, Context context) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(hubUrl);
    client.setConnectTimeout(Duration.ofSeconds(5));
    client.setReadTimeout(Duration.ofSeconds(15));
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    this.api = new PortalApi(client);
    this.context = context;
  }

  Future<PortalToken> signUp(String email, String password, String name) {
    return call(() -> api.signUpCustomer(new PortalSignUp().email(email).password(password).name(name)));
  }

  Future<PortalAccount> verify(String token, String password) {
    return call(() -> api.verifyCustomerEmail(new PortalTokenAndPassword().token(token).password(password)));
  }

  Future<PortalAccount> signIn(String email, String password, String clientAddress) {
    return call(() -> api.signInCustomer(new PortalSignIn().email(email).password(password)
        .clientAddress(clientAddress)));
  }

  /** The hub mails the link itself; the token never comes back here. */
  Future<Void> requestReset(String email) {
    return call(() -> api.requestPasswordReset(new PortalResetRequest().email(email)));
  }

  Future<PortalAccount> confirmReset(String token, String password) {
    return call(() -> api.confirmPasswordReset(new PortalTokenAndPassword().token(token).password(password)));
  }

  Future<PortalConversationList> conversations(String accountId) {
    return call(() -> api.listCustomerConversations(accountId));
  }

  Future<PortalConversation> conversation(String accountId, String conversationId) {
    return call(() -> api.getCustomerConversation(accountId, conversationId));
  }

  Future<PortalAttachmentContent> attachment(String accountId, String conversationId, String attachmentId) {
    return call(() -> api.getCustomerAttachment(accountId, conversationId, attachmentId));
  }

  Future<PortalAccepted> openRequest(String accountId, String subject, String text, PortalAttachmentUpload file) {
    return call(() -> api.openCustomerRequest(accountId,
        new PortalRequest().subject(subject).text(text).attachment(file)));
  }

  Future<PortalAccepted> reply(String accountId, String conversationId, String text) {
    return call(() -> api.replyAsCustomer(accountId, conversationId, new PortalReply().text(text)));
  }

  private <T> Future<T> call(Callable<CompletableFuture<T>> request) {
    CompletableFuture<T> sent;
    try {
      sent = request.call();
    } catch (Exception e) {
      return Future.failedFuture(translate(e));
    }
    return Future.fromCompletionStage(sent, context).recover(failure -> Future.failedFuture(translate(failure)));
  }

  private static Throwable translate(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ApiException api && api.getCode() >= 400 && api.getCode() < 500) {
      return new Refusal(api.getCode(), api.getResponseBody());
    }
    return cause;
  }
}
