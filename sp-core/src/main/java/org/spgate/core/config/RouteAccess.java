package org.spgate.core.config;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.access.AllRule;
import org.spgate.core.access.Rule;

/**
 * A route's {@code access: <rule name>} and {@code level: <level>}, resolved against the {@code
 * access} section. Both may be given; then both must be met. A rule needs a session, so it is a
 * configuration error on a route whose {@code auth} is not {@code required}.
 *
 * @param name how the requirement was written, or null when there is none
 * @param rule the resolved rule, or null when there is none
 */
record RouteAccess(@Nullable String name, @Nullable Rule rule) {

  private static final RouteAccess NONE = new RouteAccess(null, null);

  /** The route's access requirement; null (and reported) when it is wrong. */
  static @Nullable RouteAccess read(YamlMapping route, AuthMode auth, AccessConfig access) {
    String ruleName = route.optional("access", ValueType.TEXT);
    String level = route.optional("level", ValueType.TEXT);
    boolean wrong = false;
    Rule named = null;
    if (ruleName != null) {
      named = access.rules().get(ruleName);
      if (named == null) {
        route.problem(
            "access",
            "expected the name of a rule in access.rules ("
                + (access.rules().isEmpty()
                    ? "none declared"
                    : String.join(", ", access.rules().keySet()))
                + "), got "
                + ruleName);
        wrong = true;
      }
    }
    Rule levelRule = null;
    if (level != null) {
      levelRule = AccessSection.levelRule(route, "level", level, access.levels());
      wrong |= levelRule == null;
    }
    if ((ruleName != null || level != null) && auth != AuthMode.REQUIRED) {
      route.problem(
          "auth",
          "a route with access or level needs a session: expected auth required (or no auth key),"
              + " got "
              + auth.name().toLowerCase(java.util.Locale.ROOT));
      wrong = true;
    }
    if (wrong) {
      return null;
    }
    if (named != null && levelRule != null) {
      return new RouteAccess(
          "rule " + ruleName + " and level " + level, new AllRule(List.of(levelRule, named)));
    } else if (named != null) {
      return new RouteAccess("rule " + ruleName, named);
    } else if (levelRule != null) {
      return new RouteAccess("level " + level, levelRule);
    }
    return NONE;
  }
}
