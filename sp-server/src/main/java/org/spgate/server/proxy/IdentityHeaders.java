package org.spgate.server.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Reason;
import org.spgate.core.config.HeaderBudget;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.config.HeaderProfile;
import org.spgate.core.config.RouteConfig;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;

/**
 * The identity headers a backend receives, computed once at start: one header per attribute id
 * (prefix + id), the remote-user header, and the session headers a Shibboleth SP exports — or, on a
 * route with a header profile, what the profile chose — and the normalised names of all of them, of
 * every profile and every prefix, which no client-sent header may carry on any route.
 */
public final class IdentityHeaders {

  /** Shibboleth's session headers, in the order mod_shib sends them. */
  static final List<String> SESSION_HEADERS =
      List.of(
          "Shib-Session-ID",
          "Shib-Session-Index",
          "Shib-Session-Expires",
          "Shib-Session-Inactivity",
          "Shib-Identity-Provider",
          "Shib-Authentication-Method",
          "Shib-Authentication-Instant",
          "Shib-AuthnContext-Class",
          "Shib-AuthnContext-Decl",
          "Shib-Application-ID",
          "Shib-Handler",
          "Shib-Cookie-Name",
          "Shib-Assertion-Count");

  /** Lists the attributes a route's {@code drop} policy left out (or truncate could not keep). */
  public static final HttpString DROPPED = new HttpString("Spgate-Dropped-Attributes");

  /** Lists the attributes a route's {@code truncate} policy sent with their first values only. */
  public static final HttpString TRUNCATED = new HttpString("Spgate-Truncated-Attributes");

  private final ProfileHeaders defaults;
  private final Map<String, ProfileHeaders> profiles;
  private final HttpString remoteUser;
  private final List<String> remoteUserAttributes;
  private final String handlerUrl;
  private final long timeoutSeconds;
  private final HeaderValueEncoder encoder;
  private final Set<String> spoofable;
  private final String[] normalPrefixes;
  private final HeaderBudget defaultBudget;
  private final Set<Served> routesServed;
  private final HttpString[] session;

  /**
   * Headers for routes that all use the section's budget.
   *
   * @param config the header settings
   * @param attributeIds every id and alias of the attribute map
   * @param handlerUrl the absolute handler URL for {@code Shib-Handler}
   * @param timeoutSeconds the inactivity timeout for {@code Shib-Session-Inactivity}
   */
  public IdentityHeaders(
      HeaderConfig config, Set<String> attributeIds, String handlerUrl, long timeoutSeconds) {
    this(config, attributeIds, handlerUrl, timeoutSeconds, List.of());
  }

  /**
   * Headers for {@code routes}, each with its own budget or the section's.
   *
   * @param routes the routes, for the budgets a login must fit one of
   */
  public IdentityHeaders(
      HeaderConfig config,
      Set<String> attributeIds,
      String handlerUrl,
      long timeoutSeconds,
      List<RouteConfig> routes) {
    this.defaults = ProfileHeaders.defaults(config, attributeIds);
    Map<String, ProfileHeaders> named = new HashMap<>();
    config
        .profiles()
        .forEach((name, profile) -> named.put(name, ProfileHeaders.of(profile, attributeIds)));
    this.profiles = Map.copyOf(named);
    // Every name any route could send, whichever profile it uses: a client's header that one route
    // does not send may be one another route's backend trusts (and one backend may serve both).
    Set<String> normals = new HashSet<>();
    defaults.attributes().values().forEach(n -> normals.add(HeaderNames.normal(n.toString())));
    profiles
        .values()
        .forEach(
            p ->
                p.attributes()
                    .values()
                    .forEach(n -> normals.add(HeaderNames.normal(n.toString()))));
    this.remoteUser = new HttpString(config.remoteUserHeader());
    // Backends written for mod_shib read REMOTE_USER whatever spgate sends; never let a client
    // provide it. Nor what spgate left out: a client must not make a backend believe an attribute
    // was cut.
    fixedNames(config).forEach(name -> normals.add(HeaderNames.normal(name)));
    this.session = SESSION_HEADERS.stream().map(HttpString::new).toArray(HttpString[]::new);
    this.spoofable = Set.copyOf(normals);
    Set<String> prefixes = new LinkedHashSet<>();
    prefixes.add(HeaderNames.normal(config.prefix()));
    config.profiles().values().forEach(p -> prefixes.add(HeaderNames.normal(p.prefix())));
    prefixes.remove("");
    this.normalPrefixes = prefixes.toArray(String[]::new);
    this.remoteUserAttributes = List.copyOf(config.remoteUserAttributes());
    this.handlerUrl = handlerUrl;
    this.timeoutSeconds = timeoutSeconds;
    this.encoder = new HeaderValueEncoder(config.encoding());
    this.defaultBudget = config.budget();
    Set<Served> served = new LinkedHashSet<>();
    if (routes.isEmpty()) {
      served.add(new Served(defaults, defaultBudget));
    }
    routes.forEach(route -> served.add(new Served(profileOf(route), budgetOf(route))));
    this.routesServed = served;
  }

  /**
   * The headers spgate sets besides attributes, which no attribute header may be named as (see
   * {@code core.config.HeaderProfiles}): the remote-user header, {@code Remote-User} itself, the
   * session headers and the announcements of what a budget left out.
   */
  public static List<String> fixedNames(HeaderConfig config) {
    List<String> names = new ArrayList<>();
    names.add(config.remoteUserHeader());
    names.add("Remote-User");
    names.addAll(SESSION_HEADERS);
    names.add(DROPPED.toString());
    names.add(TRUNCATED.toString());
    return names;
  }

  /** A route's headers and budget: a login must fit those of some route. */
  private record Served(ProfileHeaders headers, HeaderBudget budget) {}

  /** Whether a client-sent header named {@code name} must be removed. */
  public boolean isSpoofable(String name) {
    return isSpoofableNormal(HeaderNames.normal(name));
  }

  /** As {@link #isSpoofable}, for a name already in {@link HeaderNames#normal} form. */
  boolean isSpoofableNormal(String normal) {
    if (spoofable.contains(normal)) {
      return true;
    }
    for (String prefix : normalPrefixes) {
      if (normal.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the identity headers of {@code session} to {@code headers} (already cleaned) within {@code
   * budget}, and the announcement of what its policy left out ({@link #DROPPED}, {@link
   * #TRUNCATED}).
   *
   * <p>The remote-user and session headers come first and are never dropped or cut: a backend must
   * not see another user name, or half of one. Then the attributes in the session's order, each
   * sent whole when it fits both limits; one that does not is refused, dropped or truncated to its
   * first values that fit, by the budget's policy, and the following attributes still get the room
   * left. The announcement headers list attribute ids only and are not counted.
   *
   * @throws OverBudget if the policy is {@code refuse} and an attribute does not fit, or whatever
   *     the policy, if the remote-user and session headers alone do not
   */
  public BudgetCuts add(
      HeaderMap headers, Session session, long nowEpochSecond, HeaderBudget budget)
      throws OverBudget {
    return add(headers, session, nowEpochSecond, defaults, budget);
  }

  /**
   * As {@link #add(HeaderMap, Session, long, HeaderBudget)}, with what {@code route}'s header
   * profile sends (every attribute without one), within its budget ({@link #budgetOf}): only the
   * headers sent count.
   */
  public BudgetCuts add(HeaderMap headers, Session session, long nowEpochSecond, RouteConfig route)
      throws OverBudget {
    return add(headers, session, nowEpochSecond, profileOf(route), budgetOf(route));
  }

  private BudgetCuts add(
      HeaderMap headers,
      Session session,
      long nowEpochSecond,
      ProfileHeaders profile,
      HeaderBudget budget)
      throws OverBudget {
    BudgetCuts cuts = fill(session, nowEpochSecond, profile, budget, headers::put);
    if (!cuts.isEmpty()) {
      String dropped = cuts.ids(false);
      if (!dropped.isEmpty()) {
        headers.put(DROPPED, dropped);
      }
      String truncated = cuts.ids(true);
      if (!truncated.isEmpty()) {
        headers.put(TRUNCATED, truncated);
      }
    }
    return cuts;
  }

  /**
   * Checks that some route can pass {@code session} on: a route's budget that it fits, or whose
   * policy drops or truncates what does not. A login is refused when none can (every route would
   * refuse every request).
   *
   * @throws OverBudget the first budget's refusal, when no budget accepts the session
   */
  public void checkPassable(Session session) throws OverBudget {
    OverBudget first = null;
    for (Served served : routesServed) {
      try {
        fill(
            session,
            session.createdEpochSecond(),
            served.headers(),
            served.budget(),
            (name, value) -> {});
        return;
      } catch (OverBudget e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The budget of {@code route}: its own {@code headers} block, or the section's. */
  public HeaderBudget budgetOf(RouteConfig route) {
    HeaderBudget own = route.headerBudget();
    return own != null ? own : defaultBudget;
  }

  /** What {@code route}'s backend receives: its header profile's choice, or every attribute. */
  private ProfileHeaders profileOf(RouteConfig route) {
    HeaderProfile profile = route.headerProfile();
    if (profile == null) {
      return defaults;
    }
    ProfileHeaders headers = profiles.get(profile.name());
    // A route's profile is one of the section's (core.config.RouteHeaderProfile).
    return headers != null ? headers : ProfileHeaders.of(profile, defaults.attributes().keySet());
  }

  /**
   * Adds the remote-user header for a user who has no session ({@code identity: certificate}),
   * encoded like every identity value (no control character reaches the backend raw).
   */
  public void addRemoteUser(HeaderMap headers, String user) {
    headers.put(remoteUser, encoder.encodeOne(user));
  }

  /** As {@link #addRemoteUser(HeaderMap, String)}, unless {@code route}'s profile sends none. */
  public void addRemoteUser(HeaderMap headers, RouteConfig route, String user) {
    if (profileOf(route).remoteUser()) {
      addRemoteUser(headers, user);
    }
  }

  /** Receives each identity header, name and encoded value. */
  private interface HeaderSink {
    void accept(HttpString name, String value);
  }

  private BudgetCuts fill(
      Session session,
      long nowEpochSecond,
      ProfileHeaders profile,
      HeaderBudget budget,
      HeaderSink sink)
      throws OverBudget {
    Filler filler = new Filler(profile.attributes(), budget, sink);
    String user = profile.remoteUser() ? remoteUserOf(session) : null;
    if (user != null) {
      String value = encoder.encodeOne(user);
      int size = sizeOf(remoteUser, value);
      if (size > budget.maxHeaderBytes()) {
        throw new OverBudget(
            Reason.IDENTITY_HEADER_TOO_LARGE,
            remoteUserAttributeOf(session),
            remoteUser
                + " header of "
                + size
                + " bytes over maxHeaderSize "
                + budget.maxHeaderBytes()
                + " (the user name is never dropped or cut)");
      }
      filler.fixed(remoteUser, value);
    }
    if (profile.sessionHeaders()) {
      sessionHeaders(session, nowEpochSecond, filler::fixed);
    }
    if (filler.used > budget.maxTotalBytes()) {
      throw new OverBudget(
          Reason.IDENTITY_HEADERS_OVER_BUDGET,
          remoteUser.toString(),
          "remote-user and session headers of "
              + filler.used
              + " bytes over maxTotalSize "
              + budget.maxTotalBytes());
    }
    session.attributes().forEachPacked(filler);
    if (filler.refused != null) {
      throw filler.refused;
    }
    return filler.cuts;
  }

  /** One request's attribute headers against one budget. */
  private final class Filler implements BiConsumer<String, String> {

    private final Map<String, HttpString> attributeHeaders;
    private final HeaderBudget budget;
    private final HeaderSink sink;
    int used;
    BudgetCuts cuts = BudgetCuts.NONE;
    @Nullable OverBudget refused;

    Filler(Map<String, HttpString> attributeHeaders, HeaderBudget budget, HeaderSink sink) {
      this.attributeHeaders = attributeHeaders;
      this.budget = budget;
      this.sink = sink;
    }

    void fixed(HttpString name, String value) {
      sink.accept(name, value);
      used += sizeOf(name, value);
    }

    @Override
    public void accept(String id, String packed) {
      HttpString name = attributeHeaders.get(id);
      if (name == null || refused != null) {
        return;
      }
      String value = encoder.encodePacked(packed);
      int size = sizeOf(name, value);
      int room = Math.min(budget.maxHeaderBytes(), budget.maxTotalBytes() - used);
      if (size <= room) {
        sink.accept(name, value);
        used += size;
        return;
      }
      // Over a per-header limit of its own; without one (equal to the total) it is the total.
      boolean tooLarge =
          size > budget.maxHeaderBytes() && budget.maxHeaderBytes() < budget.maxTotalBytes();
      Reason limit =
          tooLarge ? Reason.IDENTITY_HEADER_TOO_LARGE : Reason.IDENTITY_HEADERS_OVER_BUDGET;
      switch (budget.onOverflow()) {
        case REFUSE ->
            refused =
                new OverBudget(
                    limit,
                    id,
                    "attribute "
                        + id
                        + ": header of "
                        + size
                        + " bytes"
                        + (tooLarge
                            ? " over maxHeaderSize " + budget.maxHeaderBytes()
                            : " does not fit the "
                                + room
                                + " bytes left of maxTotalSize "
                                + budget.maxTotalBytes()));
        case DROP -> cuts = BudgetCuts.with(cuts, new BudgetCuts.Cut(id, limit, size, false));
        case TRUNCATE -> {
          String kept = firstValuesWithin(name, packed, room);
          if (kept != null) {
            sink.accept(name, kept);
            used += sizeOf(name, kept);
          }
          cuts = BudgetCuts.with(cuts, new BudgetCuts.Cut(id, limit, size, kept != null));
        }
      }
    }
  }

  /**
   * The encoded header value of the most leading values of {@code packed} whose header fits {@code
   * room} bytes, or null when not even the first does. The encoded size grows with each value, so a
   * binary search over the value count finds it.
   */
  private @Nullable String firstValuesWithin(HttpString name, String packed, int room) {
    List<Integer> ends = new ArrayList<>();
    for (int i = packed.indexOf(SessionAttributes.SEPARATOR);
        i >= 0;
        i = packed.indexOf(SessionAttributes.SEPARATOR, i + 1)) {
      ends.add(i);
    }
    // ends.get(k - 1) ends the first k values; all of them (k = ends.size() + 1) did not fit.
    int low = 0;
    int high = ends.size();
    String best = null;
    while (low < high) {
      int k = (low + high + 1) >>> 1;
      String value = encoder.encodePacked(packed.substring(0, ends.get(k - 1)));
      if (sizeOf(name, value) <= room) {
        best = value;
        low = k;
      } else {
        high = k - 1;
      }
    }
    return best;
  }

  /** A header's size as sent: name, ": ", value, CRLF. */
  private static int sizeOf(HttpString name, String value) {
    return name.length() + value.length() + 4;
  }

  /** The attribute the remote user is taken from, for naming it in a refusal. */
  private String remoteUserAttributeOf(Session session) {
    for (String id : remoteUserAttributes) {
      if (!session.attributes().get(id).isEmpty()) {
        return id;
      }
    }
    return remoteUser.toString();
  }

  /** The attribute ids tried, in order, for the remote user ({@code remoteUserAttributes}). */
  public List<String> remoteUserAttributes() {
    return remoteUserAttributes;
  }

  /** The remote user: the first value of the first configured attribute that has one. */
  public @Nullable String remoteUserOf(Session session) {
    for (String id : remoteUserAttributes) {
      List<String> values = session.attributes().get(id);
      if (!values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }

  private void sessionHeaders(Session s, long now, HeaderSink sink) {
    String[] values = {
      s.publicId(),
      s.sessionIndex(),
      Long.toString(s.expiresEpochSecond()),
      Long.toString(Math.min(now + timeoutSeconds, s.expiresEpochSecond())),
      s.idpEntityId(),
      s.authnMethod(),
      s.authnInstant(),
      s.authnContextClass(),
      null,
      "default",
      handlerUrl,
      null,
      null
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !values[i].isEmpty()) {
        sink.accept(session[i], encoder.encodeOne(values[i]));
      }
    }
  }

  /** All header names spgate sets, on any route, for documentation and the session page. */
  public List<String> names() {
    Set<String> attributes = new LinkedHashSet<>();
    defaults.attributes().values().forEach(n -> attributes.add(n.toString()));
    profiles
        .values()
        .forEach(p -> p.attributes().values().forEach(n -> attributes.add(n.toString())));
    List<String> all = new ArrayList<>(attributes);
    all.add(remoteUser.toString());
    all.addAll(SESSION_HEADERS);
    all.add(DROPPED.toString());
    all.add(TRUNCATED.toString());
    return all;
  }
}
