package org.spgate.server.shibimport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the parts of an Apache httpd configuration that mod_shib and mod_proxy protect paths with:
 * {@code <Location>} blocks with {@code AuthType shibboleth}, {@code ShibRequestSetting
 * requireSession}, {@code Require valid-user / shibboleth / shib-attr} (several lines, {@code
 * <RequireAll|Any|None>} blocks and {@code Require not} read with Apache 2.4's semantics: the lines
 * of a block are alternatives), and {@code ProxyPass} (top-level or inside a Location). Other
 * directives are not this importer's business and are passed over silently; the Shibboleth ones it
 * cannot carry over are listed.
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

    /**
     * The Require lines by nesting: the outermost list is the block itself, which Apache 2.4 reads
     * as {@code <RequireAny>}; each {@code <RequireAll|Any|None>} opens one more.
     */
    final Deque<Container> open = new ArrayDeque<>();

    Location(String path, String where) {
      this.path = path;
      this.where = where;
      open.push(new Container("requireany"));
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
        case "require" ->
            open.element().parts.add(require(words.subList(1, words.size()), at, line));
        case "<requireall>", "<requireany>", "<requirenone>" ->
            open.push(new Container(directive.substring(1, directive.length() - 1)));
        case "</requireall>", "</requireany>", "</requirenone>" -> {
          if (open.size() > 1) {
            Container done = open.pop();
            open.element().parts.add(done.requirement());
          }
        }
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

    /** One Require line (its words after {@code Require}). */
    private Requirement require(List<String> words, String at, String line) {
      if (words.isEmpty()) {
        return new Requirement.Anyone();
      }
      if (words.get(0).equalsIgnoreCase("not")) {
        return new Requirement.Not(require(words.subList(1, words.size()), at, line));
      }
      String provider = words.get(0).toLowerCase(Locale.ROOT);
      List<String> args = words.subList(1, words.size());
      switch (provider) {
        case "valid-user", "shib-session" -> {
          return new Requirement.Session();
        }
        case "shibboleth" -> {
          // Lazy session: identity when there is one.
          return new Requirement.Anyone();
        }
        case "all" -> {
          if (!args.isEmpty() && args.get(0).equalsIgnoreCase("granted")) {
            return new Requirement.Anyone();
          }
        }
        case "shib-attr" -> {
          if (args.size() >= 3 && args.get(1).equals("~")) {
            // mod_shib's regular expressions match the whole value, as spgate's do.
            return Requirement.Attribute.regex(
                args.get(0), String.join(" ", args.subList(2, args.size())));
          }
          if (args.size() >= 2) {
            return Requirement.Attribute.values(args.get(0), args.subList(1, args.size()), false);
          }
        }
        default -> {}
      }
      untranslated.add(
          new Untranslated(
              at,
              line,
              "no spgate rule for Require " + String.join(" ", words),
              "the route is imported with a rule nobody passes (fail closed): write the rule under"
                  + " access.rules (attribute values, regex, all/any/not)"));
      return new Requirement.Nobody();
    }

    void finish() {
      if (!shibboleth) {
        return;
      }
      Container block = open.getLast();
      Requirement rule =
          block.parts.isEmpty()
              ? new Requirement.Anyone()
              : Requirement.simplified(block.requirement());
      ProtectedPath found;
      if (rule instanceof Requirement.Anyone) {
        found = new ProtectedPath(path, requireSession ? "required" : "optional", null);
      } else if (rule instanceof Requirement.Session) {
        found = new ProtectedPath(path, "required", null);
      } else {
        found = new ProtectedPath(path, "required", null, rule);
      }
      paths.merge(
          path,
          found,
          (old, added) ->
              added.access() == null ? old.withAuth(added.auth()) : old.withAccess(added.access()));
    }
  }

  /** A {@code <RequireAll|Any|None>} block (or the Location itself) and the requirements in it. */
  private static final class Container {
    final String kind;
    final List<Requirement> parts = new ArrayList<>();

    Container(String kind) {
      this.kind = kind;
    }

    Requirement requirement() {
      return switch (kind) {
        case "requireall" -> new Requirement.All(List.copyOf(parts));
        case "requirenone" -> new Requirement.Not(new Requirement.Any(List.copyOf(parts)));
        default -> new Requirement.Any(List.copyOf(parts));
      };
    }
  }

  private static boolean isTrue(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return v.equals("1") || v.equals("true") || v.equals("on");
  }

  /** The words of a directive; a double-quoted word keeps its spaces (and loses its quotes). */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
