package org.spgate.server.shibimport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the parts of an Apache httpd configuration that mod_shib and mod_proxy protect paths with:
 * {@code <Location>} blocks with {@code AuthType shibboleth}, {@code ShibRequestSetting
 * requireSession}, {@code Require valid-user / shibboleth / shib-attr}, and {@code ProxyPass}
 * (top-level or inside a Location). Other directives are not this importer's business and are
 * passed over silently; the Shibboleth ones it cannot carry over are listed.
 */
final class ApacheConfig {

  private final Map<String, ProtectedPath> paths = new LinkedHashMap<>();
  private final List<Untranslated> untranslated = new ArrayList<>();

  /** The protected and proxied paths, in file order. */
  Map<String, ProtectedPath> paths() {
    return paths;
  }

  List<Untranslated> untranslated() {
    return untranslated;
  }

  /** Reads one file into this configuration. */
  void read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Location location = null;
    for (int i = 0; i < lines.size(); i++) {
      String where = file + ":" + (i + 1);
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = words(line);
      String directive = words.get(0).toLowerCase(Locale.ROOT);
      if (directive.equals("<location") && words.size() > 1) {
        location = new Location(ProtectedPath.normalise(words.get(1).replace(">", "")), where);
      } else if (directive.equals("</location>")) {
        if (location != null) {
          location.finish();
        }
        location = null;
      } else if (directive.equals("<locationmatch")) {
        untranslated.add(
            new Untranslated(
                where,
                line,
                "spgate routes are path prefixes, not regular expressions",
                "add one route per prefix the expression matches"));
      } else if (directive.equals("proxypass") && words.size() > 1) {
        proxyPass(location, words, where, line);
      } else if (location != null) {
        location.directive(directive, words, where, line);
      } else if (directive.startsWith("shib")) {
        untranslated.add(
            new Untranslated(
                where, line, "a server-wide mod_shib setting", "see the migration guide"));
      }
    }
  }

  private void proxyPass(
      @Nullable Location location, List<String> words, String where, String line) {
    String path;
    String target;
    if (location != null && words.size() == 2) {
      path = location.path;
      target = words.get(1);
    } else if (words.size() >= 3) {
      path = ProtectedPath.normalise(words.get(1));
      target = words.get(2);
    } else {
      return;
    }
    if (target.equals("!")) {
      untranslated.add(
          new Untranslated(
              where, line, "spgate has no exclusions from a route", "give the path its own route"));
      return;
    }
    if (!target.startsWith("http://")) {
      untranslated.add(
          new Untranslated(
              where,
              line,
              "spgate backends are http:// URLs (no https, ajp or unix sockets yet)",
              "put the backend on a loopback http port"));
      return;
    }
    String trimmed = target.replaceAll("/+$", "");
    // Apache maps P/rest to T/rest; spgate sends the whole request path to the backend, so the
    // backend is T without P at its end. A ProxyPass that strips or renames the prefix has no
    // spgate equivalent.
    String suffix = path.equals("/") ? "" : path;
    if (!trimmed.endsWith(suffix) || trimmed.length() - suffix.length() < "http://x".length()) {
      untranslated.add(
          new Untranslated(
              where,
              line,
              "spgate forwards the request path unchanged; this ProxyPass rewrites " + path,
              "serve the application under " + path + " at the backend"));
      return;
    }
    String backend = trimmed.substring(0, trimmed.length() - suffix.length());
    paths.merge(
        path, new ProtectedPath(path, "none", backend), (old, added) -> old.withBackend(backend));
  }

  /** One {@code <Location>} block being read. */
  private final class Location {
    final String path;
    final String where;
    boolean shibboleth;
    boolean requireSession;
    boolean requireUser;

    Location(String path, String where) {
      this.path = path;
      this.where = where;
    }

    void directive(String directive, List<String> words, String at, String line) {
      String value = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "";
      switch (directive) {
        case "authtype" -> shibboleth |= value.equals("shibboleth");
        case "shibrequestsetting" -> {
          if (value.equals("requiresession") && words.size() > 2) {
            requireSession = isTrue(words.get(2));
          } else {
            untranslated.add(
                new Untranslated(
                    at,
                    line,
                    "no spgate equivalent for this request setting",
                    "see the migration guide; most settings are global in spgate"));
          }
        }
        case "require" -> require(value, words, at, line);
        case "shibuseheaders" ->
            untranslated.add(
                new Untranslated(
                    at,
                    line,
                    "spgate always passes attributes as request headers (and never as"
                        + " environment variables)",
                    "nothing to do; headers.prefix sets their prefix"));
        default -> {
          if (directive.startsWith("shib")) {
            untranslated.add(
                new Untranslated(
                    at, line, "no spgate equivalent", "see the migration guide for the setting"));
          }
        }
      }
    }

    private void require(String value, List<String> words, String at, String line) {
      switch (value) {
        case "valid-user", "shib-session" -> requireUser = true;
        case "shibboleth" -> {
          // Lazy session: identity when there is one.
        }
        case "shib-attr", "shib-plugin", "shib-user" -> {
          requireUser = true;
          untranslated.add(
              new Untranslated(
                  at,
                  line,
                  "spgate routes decide login only (required, optional, none), not which"
                      + " attribute values may pass",
                  "check "
                      + String.join(" ", words.subList(1, words.size()))
                      + " in the backend, which receives the attribute as a header;"
                      + " the route is imported as auth: required"));
        }
        default -> {}
      }
    }

    void finish() {
      if (!shibboleth) {
        return;
      }
      String auth = requireSession || requireUser ? "required" : "optional";
      paths.merge(path, new ProtectedPath(path, auth, null), (old, added) -> old.withAuth(auth));
    }
  }

  private static boolean isTrue(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return v.equals("1") || v.equals("true") || v.equals("on");
  }

  private static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    for (String word : line.split("\\s+")) {
      words.add(word.replace("\"", ""));
    }
    return words;
  }
}
