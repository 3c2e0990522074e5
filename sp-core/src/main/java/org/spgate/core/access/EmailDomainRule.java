package org.spgate.core.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An e-mail address attribute must have a value whose domain is one of an allow-list.
 *
 * <p>Parsing is strict and fails closed: exactly one {@code @}, a non-empty local part, and a
 * domain of ASCII letters, digits, {@code -} and {@code .} only. The domain compares case-
 * insensitively and must equal an allowed domain exactly: {@code example.org.evil.test}, {@code
 * evil-example.org} and {@code example.org.} are different domains, and subdomains are not included
 * unless listed. Internationalised domains are compared in their ASCII (A-label, {@code xn--}) form
 * only: an address whose domain holds any non-ASCII character (a Unicode look-alike such as a
 * Cyrillic {@code а}, or a full-width dot) never matches, so no Unicode normalisation can make two
 * different domains look equal.
 */
public final class EmailDomainRule implements Rule {

  private final String attribute;
  private final Set<String> domains;
  private final Decision denied;

  /**
   * @throws IllegalArgumentException when a domain is not a plain ASCII domain name
   */
  public EmailDomainRule(String attribute, List<String> domains) {
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("expected at least one domain, got none");
    }
    for (String domain : domains) {
      if (!isAsciiDomain(domain)) {
        throw new IllegalArgumentException(
            "expected a domain name of ASCII letters, digits, '-' and '.' (an internationalised"
                + " domain in its xn-- form), got "
                + domain);
      }
    }
    this.attribute = attribute;
    this.domains =
        domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.denied = Decision.deny(describe());
  }

  /** The lower-case domain of a strictly well-formed address, or {@code null}. */
  static @Nullable String domainOf(String address) {
    int at = address.indexOf('@');
    if (at <= 0 || at != address.lastIndexOf('@')) {
      return null;
    }
    String domain = address.substring(at + 1);
    return isAsciiDomain(domain) ? domain.toLowerCase(Locale.ROOT) : null;
  }

  static boolean isAsciiDomain(String domain) {
    if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".")) {
      return false;
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || (c == '.' && domain.charAt(i - 1) != '.');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Decision decide(Attributes user) {
    for (String value : user.values(attribute)) {
      String domain = domainOf(value);
      if (domain != null && domains.contains(domain)) {
        return Decision.allow();
      }
    }
    return denied;
  }

  @Override
  public String describe() {
    return "attribute " + attribute + " with an e-mail address in an allowed domain";
  }
}
