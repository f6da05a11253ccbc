package org.crmhub.hub.redis;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA), falling back to EVAL once when the server does not
 * know it yet (fresh start, failover, SCRIPT FLUSH). All KEYS of one call must share a hash tag.
 */
public final class LuaScript {

  /** What the script returns: a number, a list (of values or lists), or one value (a string or nil). */
  public enum Returns {
    INTEGER(ScriptOutputType.INTEGER),
    LIST(ScriptOutputType.MULTI),
    VALUE(ScriptOutputType.VALUE);

    private final ScriptOutputType lettuceType;

    Returns(ScriptOutputType lettuceType) {
      this.lettuceType = lettuceType;
    }
  }

  private final String source;
  private final String sha;
  private final ScriptOutputType outputType;

  public LuaScript(String source, Returns returns) {
    this.source = source;
    this.sha = sha1(source);
    this.outputType = returns.lettuceType;
  }

  public <T> Future<T> run(Redis redis, String[] keys, String... args) {
    return redis.<T>call(c -> c.evalsha(sha, outputType, keys, args))
        .recover(failure -> isNoScript(failure)
            ? redis.<T>call(c -> c.eval(source, outputType, keys, args))
            : Future.failedFuture(failure));
  }

  private static boolean isNoScript(Throwable failure) {
    return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
  }

  private static String sha1(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JVM", e);
    }
  }
}
