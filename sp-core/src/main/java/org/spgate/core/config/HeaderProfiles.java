package org.spgate.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code headers.profiles} that need the attribute map: every listed or renamed id is
 * one of the map's, and every identity header name means one thing across the whole configuration —
 * one attribute, whichever profile (or none) sends it, and never the remote-user, a session or an
 * announcement header. Names are compared as backends see them (case, {@code -}, {@code _} and
 * {@code .} alike; the normal form of {@code server.proxy.HeaderNames}), so that stripping every
 * spelling of every name from client requests cannot remove a header another route relies on.
 */
public final class HeaderProfiles {

  private HeaderProfiles() {}

  /**
   * The problems of {@code headers}' profiles against the attribute map, each on the profile's
   * line.
   *
   * @param ids every id and alias of the attribute map
   * @param fixed the headers spgate sets besides attributes (remote-user, session, announcements)
   * @param file the configuration file, for the problems' location
   */
  public static List<ConfigProblem> check(
      HeaderConfig headers, Set<String> ids, Collection<String> fixed, Path file) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> fixedNames = new HashMap<>();
    for (String name : fixed) {
      fixedNames.put(normal(name), name);
    }
    // Each normal name and who sends what under it; routes without a profile come first.
    Map<String, Owner> owners = new HashMap<>();
    for (String id : ids) {
      owners.putIfAbsent(
          normal(headers.prefix() + id),
          new Owner(id, headers.prefix() + id, "routes without a profile"));
    }
    String known = String.join(", ", new TreeSet<>(ids));
    for (HeaderProfile profile : headers.profiles().values()) {
      List<String> sent = new ArrayList<>();
      for (String id : profile.attributes() == null ? ids : profile.attributes()) {
        if (ids.contains(id)) {
          sent.add(id);
        } else {
          problems.add(
              new ConfigProblem(
                  file,
                  profile.attributesLine(),
                  profile.key() + ".attributes",
                  unknown(id, ids, known)));
        }
      }
      for (String id : profile.names().keySet()) {
        if (!ids.contains(id)) {
          problems.add(
              new ConfigProblem(
                  file, profile.line(), profile.key() + ".names", unknown(id, ids, known)));
        }
      }
      for (String id : sent) {
        String header = profile.headerOf(id);
        String normal = normal(header);
        String clash = fixedNames.get(normal);
        if (clash != null) {
          problems.add(
              new ConfigProblem(
                  file,
                  profile.line(),
                  profile.key(),
                  "attribute "
                      + id
                      + " would be sent as "
                      + header
                      + ", which is spgate's "
                      + clash
                      + " header (names compared ignoring case, - _ and .); expected another"
                      + " name or prefix"));
          continue;
        }
        String where = "profile " + profile.name();
        Owner owner = owners.putIfAbsent(normal, new Owner(id, header, where));
        if (owner != null && !owner.id().equals(id)) {
          problems.add(
              new ConfigProblem(
                  file,
                  profile.line(),
                  profile.key(),
                  "header "
                      + header
                      + " would carry attribute "
                      + id
                      + " in "
                      + where
                      + " but "
                      + owner.id()
                      + " (as "
                      + owner.header()
                      + ") in "
                      + owner.where()
                      + " (names compared ignoring case, - _ and .); expected one attribute per"
                      + " header name, so that no backend mistakes one for the other"));
        }
      }
    }
    return problems;
  }

  /** The message for an id the attribute map lacks: the closest one if any, and all of them. */
  private static String unknown(String id, Set<String> ids, String known) {
    String suggestion = EditDistance.suggest(id, ids);
    return (suggestion == null ? "" : "did you mean " + suggestion + "? ")
        + "expected attribute ids of the attribute map ("
        + known
        + "), got "
        + id;
  }

  /** The normal form of a header name: lower case, {@code _} and {@code .} as {@code -}. */
  static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  /** Who sends an attribute under a header name. */
  private record Owner(String id, String header, String where) {}
}
