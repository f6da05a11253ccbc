package org.crmhub.hub.webhooks;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Posts one signed webhook. The target's host is resolved here (a lookup is kept a few seconds,
 * see {@link ResolvedAddresses}) and every address checked by the {@link TargetPolicy} at each
 * use; the connection then goes to the checked address (so DNS cannot change between check and
 * connect). One client serves every target, keeping up to {@link #CONNECTIONS_PER_TARGET}
 * keep-alive connections per address. Redirects are followed by hand, each hop checked, at most three.
 */
public final class WebhookSender {

  private static final int MAX_REDIRECTS = 3;
  private static final int EXCERPT_LENGTH = 300;
  /** Requests to one target at once; more wait for a connection. */
  static final int CONNECTIONS_PER_TARGET = 64;

  private final HttpClient client;
  private final TargetPolicy policy;
  private final Duration timeout;
  private final ResolvedAddresses addresses;

  /** Looks a host name up (blocking; run on a worker). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws java.net.UnknownHostException;
  }

  public WebhookSender(Vertx vertx, TargetPolicy policy, Duration timeout) {
    this(vertx, policy, timeout, InetAddress::getAllByName);
  }

  /**
   * @param resolver asked at most once per host every few seconds; the connection goes to the
   *     address it returned, checked by the policy at each hop
   */
  public WebhookSender(Vertx vertx, TargetPolicy policy, Duration timeout, Resolver resolver) {
    this(vertx, policy, timeout, new ResolvedAddresses(vertx, resolver, ResolvedAddresses.DEFAULT_TTL,
        System::currentTimeMillis));
  }

  WebhookSender(Vertx vertx, TargetPolicy policy, Duration timeout, ResolvedAddresses addresses) {
    this.policy = policy;
    this.timeout = timeout;
    this.addresses = addresses;
    // redirects are off per request (RequestOptions) and followed by hand after a check
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE)),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_TARGET));
  }

  /**
   * What happened. {@code status} 0 when no HTTP answer came (refused target, network error,
   * timeout); then {@code error} says why.
   */
  public record Outcome(int status, long latencyMs, String excerpt, Long retryAfterSeconds, String error,
      boolean refusedTarget) {

    boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Posts, asking {@code beforeWrite} once the request has its connection (the address resolved
   * and checked, a pooled connection free) and right before anything is written: a request can
   * wait there for long (every connection busy, the process stalled), and the sender may no
   * longer want it sent by then. Each redirect hop asks again.
   *
   * @return fails only with {@code beforeWrite}'s failure, and then nothing was written; every
   *     other failure is an {@link Outcome}
   */
  public Future<Outcome> send(String url, MultiMap headers, String body, Supplier<Future<Void>> beforeWrite) {
    long started = System.nanoTime();
    return post(url, headers, body, beforeWrite, 0)
        .map(outcome -> new Outcome(outcome.status(), (System.nanoTime() - started) / 1_000_000,
            outcome.excerpt(), outcome.retryAfterSeconds(), outcome.error(), outcome.refusedTarget()))
        .recover(failure -> failure instanceof NotWritten notWritten
            ? Future.failedFuture(notWritten.getCause())
            : Future.succeededFuture(new Outcome(0, (System.nanoTime() - started) / 1_000_000, null, null,
                describe(failure), failure instanceof TargetPolicy.RefusedTarget)));
  }

  /** {@code beforeWrite} failed: the request was dropped unwritten. */
  private static final class NotWritten extends RuntimeException {
    NotWritten(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** Checks a URL the way a delivery would, without sending; fails with {@link TargetPolicy.RefusedTarget}. */
  public Future<Void> checkTarget(String url) {
    try {
      return resolveChecked(policy.checkUrl(url).getHost()).mapEmpty();
    } catch (TargetPolicy.RefusedTarget refused) {
      return Future.failedFuture(refused);
    }
  }

  private Future<Outcome> post(String url, MultiMap headers, String body, Supplier<Future<Void>> beforeWrite,
      int redirects) {
    URI uri;
    try {
      uri = policy.checkUrl(url);
    } catch (TargetPolicy.RefusedTarget refused) {
      return Future.failedFuture(refused);
    }
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    return resolveChecked(uri.getHost())
        .compose(address -> client.request(new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
            .setTimeout(timeout.toMillis())
            .setFollowRedirects(false)))
        .compose(request -> beforeWrite.get().transform(allowed -> {
          if (allowed.failed()) {
            // nothing written yet: the connection goes back to the pool unused
            request.exceptionHandler(reset -> { });
            request.reset();
            return Future.failedFuture(new NotWritten(allowed.cause()));
          }
          request.headers().addAll(headers);
          return request.send(Buffer.buffer(body));
        }))
        .compose(response -> response.body().compose(answer -> {
          String location = response.getHeader("Location");
          if (response.statusCode() >= 300 && response.statusCode() < 400 && location != null) {
            if (redirects >= MAX_REDIRECTS) {
              return Future.failedFuture(new IllegalStateException("too many redirects"));
            }
            return post(uri.resolve(location).toString(), headers, body, beforeWrite, redirects + 1);
          }
          return Future.succeededFuture(new Outcome(response.statusCode(), 0, excerpt(answer),
              retryAfter(response.getHeader("Retry-After")), null, false));
        }));
  }

  private Future<InetAddress> resolveChecked(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return addresses.checked(bare, policy);
  }

  private static String excerpt(Buffer answer) {
    String text = answer.toString();
    StringBuilder clean = new StringBuilder();
    for (int i = 0; i < text.length() && clean.length() < EXCERPT_LENGTH; i++) {
      char c = text.charAt(i);
      clean.append(Character.isISOControl(c) && c != '\n' ? ' ' : c);
    }
    return clean.toString();
  }

  /**
   * Seconds, or an HTTP date (rounded up to whole seconds from now, so a retry never comes before
   * the date); null when absent or unreadable.
   */
  static Long retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        long millis = Duration.between(ZonedDateTime.now(), at).toMillis();
        return millis <= 0 ? 0L : (millis + 999) / 1000;
      } catch (java.time.format.DateTimeParseException unreadable) {
        return null;
      }
    }
  }

  private static String describe(Throwable failure) {
    if (failure instanceof TargetPolicy.RefusedTarget) {
      return "refused target: " + failure.getMessage();
    }
    if (failure instanceof java.net.UnknownHostException) {
      return "unknown host";
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  public Future<Void> close() {
    return client.close();
  }
}
