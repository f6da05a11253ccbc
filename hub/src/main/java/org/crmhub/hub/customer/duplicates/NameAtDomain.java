package org.crmhub.hub.customer.duplicates;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import org.crmhub.connector.Identity;
import org.crmhub.connector.IdentityType;

/**
 * The name-and-email-domain group a customer joins for weak suggestions. Free-mail domains say
 * nothing about who someone is (two Robert Chens at gmail.com are strangers), so they form no group.
 *
 * @param domain the email domain, lower case
 * @param name the name as the customer has it
 * @param group {@code domain:normalised name}, the group's part of its key
 */
record NameAtDomain(String domain, String name, String group) {

  private static final int MAX_NAME_KEY = 200;

  static final Set<String> FREE_MAIL = Set.of(
      "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
      "yahoo.com", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
      "protonmail.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.ru", "zoho.com", "qq.com", "163.com");

  /** @return the group, or null when the name is blank or the address is free mail */
  static NameAtDomain of(String name, Identity email) {
    if (name == null || email.type() != IdentityType.EMAIL) {
      return null;
    }
    String domain = email.value().substring(email.value().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    String normalised = Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
    if (normalised.isEmpty() || FREE_MAIL.contains(domain)) {
      return null;
    }
    if (normalised.length() > MAX_NAME_KEY) {
      normalised = normalised.substring(0, MAX_NAME_KEY);
    }
    return new NameAtDomain(domain, name.strip(), domain + ":" + normalised);
  }
}
