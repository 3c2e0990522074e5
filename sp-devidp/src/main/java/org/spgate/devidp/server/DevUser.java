package org.spgate.devidp.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test user of the development IdP: the password it logs in with and the SAML attributes (keyed
 * by their {@code urn:oid} names) its assertions carry.
 */
public record DevUser(String username, String password, Map<String, List<String>> attributes) {

  /** eduPersonPrincipalName. */
  public static final String EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";

  /** mail. */
  public static final String MAIL = "urn:oid:0.9.2342.19200300.100.1.3";

  /** displayName. */
  public static final String DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241";

  /** givenName. */
  public static final String GIVEN_NAME = "urn:oid:2.5.4.42";

  /** sn (surname). */
  public static final String SN = "urn:oid:2.5.4.4";

  /** eduPersonEntitlement. */
  public static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  /** isMemberOf (groups); the shipped attribute map calls it {@code member}. */
  public static final String GROUPS = "urn:oid:1.3.6.1.4.1.5923.1.5.1.1";

  /** The friendly names the users file accepts, in display order. */
  public static final Map<String, String> FRIENDLY_NAMES = friendlyNames();

  public DevUser {
    attributes = Map.copyOf(attributes);
  }

  /** The user's displayName, or the username if it has none. */
  public String displayName() {
    List<String> names = attributes.getOrDefault(DISPLAY_NAME, List.of());
    return names.isEmpty() ? username : names.get(0);
  }

  /** A user with the usual attributes; {@code groups} may be empty. */
  static DevUser of(
      String username, String password, String givenName, String sn, List<String> groups) {
    String eppn = username + "@example.org";
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    attributes.put(EPPN, List.of(eppn));
    attributes.put(MAIL, List.of(eppn));
    attributes.put(DISPLAY_NAME, List.of(givenName + " " + sn));
    attributes.put(GIVEN_NAME, List.of(givenName));
    attributes.put(SN, List.of(sn));
    if (!groups.isEmpty()) {
      attributes.put(GROUPS, List.copyOf(groups));
    }
    return new DevUser(username, password, attributes);
  }

  private static Map<String, String> friendlyNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("eppn", EPPN);
    names.put("mail", MAIL);
    names.put("displayName", DISPLAY_NAME);
    names.put("givenName", GIVEN_NAME);
    names.put("sn", SN);
    names.put("entitlement", ENTITLEMENT);
    names.put("groups", GROUPS);
    return Map.copyOf(names);
  }
}
