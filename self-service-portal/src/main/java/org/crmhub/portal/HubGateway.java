package org.crmhub.portal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.crmhub.client.ApiClient;
import org.crmhub.client.ApiException;
import org.crmhub.client.api.PortalApi;
import org.crmhub.client.model.PortalAccepted;
import org.crmhub.client.model.PortalAccount;
import org.crmhub.client.model.PortalAttachmentUpload;
import org.crmhub.client.model.PortalConversation;
import org.crmhub.client.model.PortalConversationList;
import org.crmhub.client.model.PortalReply;
import org.crmhub.client.model.PortalRequest;
import org.crmhub.client.model.PortalResetRequest;
import org.crmhub.client.model.PortalSearchPage;
import org.crmhub.client.model.PortalSignIn;
import org.crmhub.client.model.PortalSignUp;
import org.crmhub.client.model.PortalToken;
import org.crmhub.client.model.PortalTokenAndPassword;

/**
 * The hub, as the portal sees it: the generated client with the portal's key, every answer
 * brought back onto the portal's Vert.x context. A refusal by the hub becomes a {@link Refusal}
 * with its HTTP status; anything else (hub down, timeout) stays a plain failure. Attachments alone
 * come through Vert.x's own HTTP client: the generated one holds a binary answer whole, where a
 * download is streamed through to the visitor, byte ranges included.
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

  private static final long DOWNLOAD_IDLE_SECONDS = 30;
  private static final int SEARCH_PAGE = 20;

  private final PortalApi api;
  private final Context context;
  private final String hubUrl;
  private final String apiKey;
  private final HttpClient downloads;

  HubGateway(String hubUrl, String apiKey, Context context) {
    this.hubUrl = hubUrl.replaceAll("/+$", "");
    this.apiKey = apiKey;
    this.downloads = context.owner().createHttpClient(new HttpClientOptions()
        .setConnectTimeout(5_000)
        .setIdleTimeout((int) DOWNLOAD_IDLE_SECONDS));
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

  /** One page of the customer's own messages matching {@code q}; the hub narrows it to them. */
  Future<PortalSearchPage> search(String accountId, String q, String cursor) {
    return call(() -> api.searchCustomerMessages(q, accountId, cursor, SEARCH_PAGE));
  }

  /**
   * The hub's answer to a download of one of the customer's attachments, its body not read yet:
   * the content (200, or 206 for the range asked) or 416 for a range past the end. Any other
   * answer fails, as a {@link Refusal} for the hub's 4xx.
   *
   * @param range the visitor's {@code Range} header, or null
   * @param ifRange the visitor's {@code If-Range} header, or null
   */
  Future<HttpClientResponse> attachment(String accountId, String conversationId, String attachmentId, String range,
      String ifRange) {
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(hubUrl + "/api/v1/portal/accounts/" + accountId + "/conversations/" + conversationId
            + "/attachments/" + attachmentId)
        .putHeader("Authorization", "Bearer " + apiKey);
    if (range != null) {
      request.putHeader("Range", range);
    }
    if (ifRange != null) {
      request.putHeader("If-Range", ifRange);
    }
    return downloads.request(request).compose(sent -> sent.send()).compose(answer -> {
      int status = answer.statusCode();
      if (status == 200 || status == 206 || status == 416) {
        return Future.succeededFuture(answer);
      }
      return answer.body().compose(body -> Future.failedFuture(status >= 400 && status < 500
          ? new Refusal(status, body.toString())
          : new IllegalStateException("the hub answered a download with " + status)));
    });
  }

  Future<Void> close() {
    return downloads.close();
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
