package org.crmhub.hub.auth;

import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.crmhub.hub.redis.LuaScript;
import org.crmhub.hub.redis.Redis;
import org.crmhub.portal.AttemptScripts;

/**
 * Sign-in attempts, counted before the password is judged, in fixed windows shared by all hub
 * instances. Three budgets: per (account, client address) {@code attempts}; per account, from
 * anywhere, {@value #ACCOUNT_FACTOR} times as many; per client address, over all accounts,
 * {@value #ADDRESS_FACTOR} times as many. Someone guessing from one address thus locks only
 * themselves out, and the owner on their usual address still gets in, unless the account is
 * guessed from many addresses at once. A successful sign-in gives its attempt back.
 *
 * <p>Each check and count is one Lua script (the portal's {@link AttemptScripts}, whose keys of
 * one account share a hash tag), so parallel attempts cannot all read "below the limit" before
 * any of them counts: at most the limit are judged.
 */
public final class LoginRateLimiter {

  static final int ACCOUNT_FACTOR = 10;
  static final int ADDRESS_FACTOR = 5;

  private static final LuaScript TAKE = new LuaScript(AttemptScripts.TAKE, LuaScript.Returns.LIST);
  private static final LuaScript GIVE_BACK = new LuaScript(AttemptScripts.GIVE_BACK, LuaScript.Returns.LIST);

  /**
   * @param waitSeconds 0 when the attempt was counted and may be judged, else how long to wait
   * @param guessed this attempt used up the (account, address) budget: someone is guessing the
   *     account's password from that address, which its owner should hear about
   */
  public record Attempt(long waitSeconds, boolean guessed) {

    public boolean allowed() {
      return waitSeconds == 0;
    }
  }

  private final Redis redis;
  private final int attempts;
  private final Duration window;

  /** @param attempts per (account, client address) and window */
  public LoginRateLimiter(Redis redis, int attempts, Duration window) {
    this.redis = redis;
    this.attempts = attempts;
    this.window = window;
  }

  /** Counts an attempt to sign in to {@code account} (e.g. {@code staff:ann}) from {@code clientAddress}. */
  public Future<Attempt> begin(String account, String clientAddress) {
    String seconds = Long.toString(window.toSeconds());
    return TAKE.<List<Long>>run(redis, new String[] {addressKey(clientAddress)}, seconds,
            Integer.toString(attempts * ADDRESS_FACTOR))
        .compose(byAddress -> byAddress.get(0) > 0
            ? Future.succeededFuture(byAddress)
            : TAKE.<List<Long>>run(redis, accountKeys(account, clientAddress), seconds,
                Integer.toString(attempts), Integer.toString(attempts * ACCOUNT_FACTOR)))
        .map(answer -> new Attempt(answer.get(0), answer.get(1) == 1));
  }

  /** The attempt succeeded: it does not count against anyone. */
  public Future<Void> succeeded(String account, String clientAddress) {
    return GIVE_BACK.run(redis, new String[] {addressKey(clientAddress)})
        .compose(v -> GIVE_BACK.run(redis, accountKeys(account, clientAddress)))
        .mapEmpty();
  }

  private static String addressKey(String clientAddress) {
    return "crm:login:{a:" + encode(clientAddress) + "}";
  }

  /** The account's own counter (beside it, one per address it was tried from), for erasing it. */
  public static String accountKey(String account) {
    return accountTag(account);
  }

  private static String accountTag(String account) {
    return "crm:login:{u:" + encode(account) + "}";
  }

  /** The (account, address) counter first, then the account's; one hash tag for both. */
  private static String[] accountKeys(String account, String clientAddress) {
    String tag = accountTag(account);
    return new String[] {tag + ":from:" + encode(clientAddress), tag};
  }

  private static String encode(String part) {
    // braces would end the hash tag early
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }
}
