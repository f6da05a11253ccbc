package org.crmhub.connector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The connector contract for providers that push events as signed HTTP requests: the provider is
 * acknowledged by a 2xx answer, told to retry by a 503 with Retry-After, and a request that is
 * unsigned or signed with anything but the shared secret is refused (401 or 403, as a problem)
 * before anything reaches the hub.
 */
public abstract class WebhookConnectorContract extends ConnectorContract {

  /** One request as the provider sends it to the hub. */
  public record ProviderRequest(HttpMethod method, String path, MultiMap headers, Buffer body) {

    /** The same request with {@code name} set to {@code value}, or left out when value is null. */
    public ProviderRequest withHeader(String name, String value) {
      MultiMap changed = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      if (value == null) {
        changed.remove(name);
      } else {
        changed.set(name, value);
      }
      return new ProviderRequest(method, path, changed, body);
    }
  }

  /** The hub's answer to one request. */
  public record Answer(int status, MultiMap headers, String body) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private HttpClient client;

  /** Event {@code key} exactly as the provider signs and sends it; the same key is the same event. */
  protected abstract ProviderRequest signedEvent(String key);

  /** The event with its signature left out. */
  protected abstract ProviderRequest unsigned(ProviderRequest signed);

  /** The event signed with another secret (or its body changed after signing). */
  protected abstract ProviderRequest wronglySigned(ProviderRequest signed);

  /** Sends a request to the connector's routes and completes with the answer. */
  protected Future<Answer> send(ProviderRequest request) {
    if (client == null) {
      client = vertx.createHttpClient();
    }
    RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
        .setPort(context.port()).setURI(request.path()).setHeaders(request.headers());
    return client.request(options)
        .compose(outgoing -> outgoing.send(request.body()))
        .compose(response -> response.body()
            .map(body -> new Answer(response.statusCode(), response.headers(), body.toString())));
  }

  @Override
  protected Future<Void> deliver(String key) {
    answers.remove(key);
    // the answer is awaited apart: a connector holds it back until the contact is accepted
    send(signedEvent(key)).onSuccess(answer -> answers.put(key, answer));
    return Future.succeededFuture();
  }

  @Override
  protected Future<Void> redeliver(String key) {
    return deliver(key);
  }

  @Override
  protected Future<Boolean> acknowledged(String key) {
    Answer answer = answers.get(key);
    return Future.succeededFuture(answer != null && answer.status() >= 200 && answer.status() < 300);
  }

  @Override
  protected Future<Boolean> leftForRetry(String key) {
    Answer answer = answers.get(key);
    return Future.succeededFuture(answer != null && answer.status() == 503 && answer.headers().get("Retry-After") != null);
  }

  @Override
  protected Future<Void> stopProvider() {
    return client == null ? Future.succeededFuture() : client.close();
  }

  @Test
  void anUnsignedEventIsRefusedBeforeItReachesTheHub(VertxTestContext test) {
    expectRefusal(test, unsigned(signedEvent("unsigned")));
  }

  @Test
  void aWronglySignedEventIsRefusedBeforeItReachesTheHub(VertxTestContext test) {
    expectRefusal(test, wronglySigned(signedEvent("forged")));
  }

  private void expectRefusal(VertxTestContext test, ProviderRequest request) {
    send(request).onComplete(test.succeeding(answer -> test.verify(() -> {
      assertTrue(answer.status() == 401 || answer.status() == 403, "refused: " + answer.status() + " " + answer.body());
      assertEquals("application/problem+json", answer.headers().get("Content-Type"));
      assertEquals(0, ingest().attempts(), "nothing unsigned reaches the hub");
      test.completeNow();
    })));
  }
}
