package org.spgate.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code headers.profiles}: {@code {name: {attributes, names, prefix, remoteUser,
 * sessionHeaders}}}. What needs the attribute map (unknown ids, header names that meet) is checked
 * by {@link HeaderProfiles#check} once the map is read.
 */
final class HeaderProfileSection {

  private HeaderProfileSection() {}

  /**
   * The profiles by name, in file order.
   *
   * @param prefix the section's prefix, a profile's default
   * @param sessionHeaders the section's {@code sessionHeaders}, a profile's default
   */
  static Map<String, HeaderProfile> read(
      YamlMapping headers, String prefix, boolean sessionHeaders) {
    Map<String, HeaderProfile> profiles = new LinkedHashMap<>();
    if (headers.node("profiles") == null) {
      return profiles;
    }
    YamlMapping all = headers.mapping("profiles");
    for (String name : all.keys()) {
      YamlMapping body = all.mapping(name);
      HeaderProfile profile =
          profile(name, body, all.keyPath(name), all.keyLineOf(name), prefix, sessionHeaders);
      body.finish();
      if (profile != null) {
        profiles.put(name, profile);
      }
    }
    all.finish();
    return profiles;
  }

  private static @Nullable HeaderProfile profile(
      String name, YamlMapping body, String key, int line, String prefix, boolean sessionHeaders) {
    List<String> attributes = attributes(body);
    Map<String, String> names = names(body, attributes);
    String ownPrefix = body.get("prefix", HeaderTokens.PREFIX, prefix);
    boolean remoteUser = body.get("remoteUser", ValueType.BOOLEAN, true);
    boolean session = body.get("sessionHeaders", ValueType.BOOLEAN, sessionHeaders);
    return new HeaderProfile(
        name,
        attributes,
        names,
        ownPrefix,
        remoteUser,
        session,
        key,
        line,
        body.node("attributes") == null ? line : body.lineOf("attributes"));
  }

  /** The listed ids, each once; null when the key is absent (every attribute). */
  private static @Nullable List<String> attributes(YamlMapping body) {
    if (body.node("attributes") == null) {
      return null;
    }
    List<String> listed = body.list("attributes", ValueType.TEXT, List.of(), false);
    Set<String> seen = new HashSet<>();
    List<String> once = new ArrayList<>();
    for (String id : listed) {
      if (seen.add(id)) {
        once.add(id);
      } else {
        body.problem("attributes", "attribute " + id + " is listed twice");
      }
    }
    return once;
  }

  /** {@code names: {id: Header-Name}}; an id the profile does not send is reported. */
  private static Map<String, String> names(YamlMapping body, @Nullable List<String> attributes) {
    Map<String, String> names = new LinkedHashMap<>();
    if (body.node("names") == null) {
      return names;
    }
    YamlMapping block = body.mapping("names");
    for (String id : block.keys()) {
      String header = block.optional(id, HeaderTokens.NAME);
      if (header == null) {
        continue;
      }
      if (attributes != null && !attributes.contains(id)) {
        block.problem(
            id,
            "attribute "
                + id
                + " is renamed but not sent: expected one of this profile's attributes ("
                + (attributes.isEmpty() ? "none listed" : String.join(", ", attributes))
                + ")");
        continue;
      }
      names.put(id, header);
    }
    block.finish();
    return names;
  }
}
