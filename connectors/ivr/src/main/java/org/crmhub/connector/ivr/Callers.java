package org.crmhub.connector.ivr;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityNormalizer;
import org.crmhub.connector.IdentityType;

/** Turns what a phone system says about the caller into an identity, or none when withheld. */
final class Callers {

  /** What carriers and IVRs send for a withheld number; such calls get no customer link. */
  private static final Set<String> WITHHELD = Set.of("", "anonymous", "restricted", "unknown", "private",
      "blocked", "unavailable", "+266696687", "266696687", "+7378742833", "+2562533", "+8656696");

  private final IdentityNormalizer normalizer;

  Callers(IdentityNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  List<Identity> of(String number) {
    if (number == null || WITHHELD.contains(number.trim().toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    try {
      return List.of(normalizer.normalize(IdentityType.PHONE, number));
    } catch (IdentityNormalizer.InvalidIdentityException notANumber) {
      return List.of();
    }
  }

  String describe(String number) {
    List<Identity> caller = of(number);
    return caller.isEmpty() ? "a withheld number" : caller.get(0).value();
  }
}
