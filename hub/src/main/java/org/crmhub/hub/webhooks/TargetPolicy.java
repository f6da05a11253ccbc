package org.crmhub.hub.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which webhook targets the hub may call (SSRF guard). A URL must be https (or http for a host an
 * admin named), and every address its host resolves to must be globally reachable (see
 * {@link SpecialPurposeAddresses}). Checked at subscription time and again at each delivery and redirect.
 */
public final class TargetPolicy {

  private final boolean allowLoopback;
  private final Set<String> httpAllowedHosts;

  /**
   * @param allowLoopback test-only: also allow loopback targets (never private or metadata ones)
   * @param httpAllowedHosts host names that may be called over plain http
   */
  public TargetPolicy(boolean allowLoopback, Set<String> httpAllowedHosts) {
    this.allowLoopback = allowLoopback;
    this.httpAllowedHosts = Set.copyOf(httpAllowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
  }

  /** A refused target; the message says why, for the API and the delivery log. */
  public static final class RefusedTarget extends Exception {
    public RefusedTarget(String message) {
      super(message, null, false, false);
    }
  }

  /** Checks the URL's form; returns it parsed. Does not resolve (see {@link #checkAddress}). */
  public URI checkUrl(String url) throws RefusedTarget {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTarget("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new RefusedTarget("the URL needs a host");
    }
    if (uri.getUserInfo() != null) {
      throw new RefusedTarget("credentials in the URL are not allowed");
    }
    if (scheme.equals("http")) {
      if (!httpAllowedHosts.contains(host.toLowerCase(Locale.ROOT)) && !(allowLoopback && isLoopbackName(host))) {
        throw new RefusedTarget("use https (http is allowed only for hosts an admin named)");
      }
    } else if (!scheme.equals("https")) {
      throw new RefusedTarget("only https URLs are allowed");
    }
    return uri;
  }

  /** @throws RefusedTarget when the resolved address is not a globally reachable one */
  public void checkAddress(InetAddress address) throws RefusedTarget {
    if (address.isLoopbackAddress()) {
      if (allowLoopback) {
        return;
      }
      throw new RefusedTarget("the target resolves to a loopback address");
    }
    Optional<String> refusal = SpecialPurposeAddresses.refusal(address);
    if (refusal.isPresent()) {
      throw new RefusedTarget("the target resolves to a non-public address: " + refusal.get());
    }
  }

  private static boolean isLoopbackName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
  }
}
