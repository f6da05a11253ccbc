package org.crmhub.hub.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.crmhub.hub.failure.Invalid;

/**
 * Where a page of results ended: the last hit's time and message id (the order's sort keys). The
 * client sees it as an opaque token; one that does not decode to such a place is refused.
 */
public record SearchCursor(long atMillis, String messageId) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((atMillis + "_" + messageId).getBytes(StandardCharsets.UTF_8));
  }

  /** @throws Invalid naming {@code cursor} when the token was not made by {@link #encode} */
  public static SearchCursor decode(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int separator = plain.indexOf('_');
      String id = plain.substring(separator + 1);
      if (separator < 1 || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("no message id");
      }
      return new SearchCursor(Long.parseLong(plain.substring(0, separator)), id);
    } catch (IllegalArgumentException | IndexOutOfBoundsException unreadable) {
      throw new Invalid("cursor", "the cursor is not one this API gave out");
    }
  }
}
