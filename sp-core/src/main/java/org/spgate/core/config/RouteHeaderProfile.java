package org.spgate.core.config;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code headers: {profile: <name>}}, resolved against {@code headers.profiles} the way
 * {@code access: <name>} is against {@code access.rules}.
 *
 * @param profile the chosen profile, or null when the route names none
 */
record RouteHeaderProfile(@Nullable HeaderProfile profile) {

  private static final RouteHeaderProfile NONE = new RouteHeaderProfile(null);

  /**
   * The profile named in a route's {@code headers} block (null when the route has none); null (and
   * reported) when it names one that is not declared.
   */
  static @Nullable RouteHeaderProfile read(
      @Nullable YamlMapping block, Map<String, HeaderProfile> profiles) {
    if (block == null) {
      return NONE;
    }
    String name = block.optional("profile", ValueType.TEXT);
    if (name == null) {
      return NONE;
    }
    HeaderProfile profile = profiles.get(name);
    if (profile == null) {
      block.problem(
          "profile",
          "expected the name of a profile in headers.profiles ("
              + (profiles.isEmpty() ? "none declared" : String.join(", ", profiles.keySet()))
              + "), got "
              + name);
      return null;
    }
    return new RouteHeaderProfile(profile);
  }
}
