package org.crmhub.connector;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Brings identifiers to one canonical form so the same person is the same key: emails
 * case-folded, phone numbers in E.164. Refuses values that cannot be an identifier.
 */
public final class IdentityNormalizer {

  /** The contract's {@code EmailAddress} pattern: a local part, one @, two or more domain labels. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>\"]{1,64}@[^@\\s<>\".]+(\\.[^@\\s<>\".]+)+$");
  private static final Pattern NUMERIC_ID = Pattern.compile("^[0-9]{1,40}$");
  private static final Pattern PORTAL_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  public IdentityNormalizer(String defaultRegion) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
  }

  /** @throws InvalidIdentityException naming what is wrong */
  public Identity normalize(IdentityType type, String raw) {
    String value = raw == null ? "" : raw.strip();
    return switch (type) {
      case EMAIL -> email(value);
      case PHONE -> new Identity(IdentityType.PHONE, e164(value));
      case X, META -> matching(type, value, NUMERIC_ID, "a numeric id");
      case PORTAL -> matching(type, value, PORTAL_ID, "a portal account id");
    };
  }

  /** Parses and normalises {@code type:value}. */
  public Identity normalize(String key) {
    Identity parsed;
    try {
      parsed = Identity.parse(key);
    } catch (IllegalArgumentException e) {
      throw new InvalidIdentityException(e.getMessage());
    }
    return normalize(parsed.type(), parsed.value());
  }

  private static Identity email(String value) {
    // judged before folding: lower-casing may lengthen a few letters (İ), not change the shape
    if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
      throw new InvalidIdentityException("not an email address");
    }
    return new Identity(IdentityType.EMAIL, value.toLowerCase(Locale.ROOT));
  }

  private String e164(String value) {
    try {
      PhoneNumber number = phones.parse(value, defaultRegion);
      // IS_POSSIBLE_LOCAL_ONLY numbers lack an area code: they would not name one person
      if (phones.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
        throw new InvalidIdentityException("not a possible phone number");
      }
      return phones.format(number, PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw new InvalidIdentityException("not a phone number: " + e.getErrorType().name().toLowerCase(Locale.ROOT));
    }
  }

  private static Identity matching(IdentityType type, String value, Pattern pattern, String what) {
    if (!pattern.matcher(value).matches()) {
      throw new InvalidIdentityException("must be " + what);
    }
    return new Identity(type, value);
  }

  /** A value that cannot be normalised into an identity. */
  public static final class InvalidIdentityException extends IllegalArgumentException {
    public InvalidIdentityException(String message) {
      super(message);
    }
  }
}
