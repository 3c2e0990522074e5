package org.spgate.core.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A named choice of identity headers for the backends of the routes that use it ({@code
 * headers.profiles.<name>}, chosen by a route's {@code headers: {profile: <name>}}): which
 * attributes are sent, under which names, and whether the remote-user and the {@code Shib-*}
 * session headers go too. A route without a profile sends every attribute under its id, as a
 * Shibboleth SP does.
 *
 * @param name the profile's name, as routes refer to it
 * @param attributes the attribute ids sent, in file order, or null for every id of the attribute
 *     map
 * @param names the header name (without prefix) of an attribute sent under another name than its id
 * @param prefix put before every attribute header name (not before the remote-user header)
 * @param remoteUser whether the remote-user header is sent
 * @param sessionHeaders whether {@code Shib-Session-ID}, {@code Shib-Identity-Provider}, ... are
 *     sent
 * @param key the key path for messages ({@code headers.profiles.minimal})
 * @param line the line of the profile in the configuration file
 * @param attributesLine the line of its {@code attributes} list (of the profile when absent)
 */
public record HeaderProfile(
    String name,
    @Nullable List<String> attributes,
    Map<String, String> names,
    String prefix,
    boolean remoteUser,
    boolean sessionHeaders,
    String key,
    int line,
    int attributesLine) {

  /** Copies the collections so the record stays immutable. */
  public HeaderProfile {
    attributes = attributes == null ? null : List.copyOf(attributes);
    names = Map.copyOf(names);
  }

  /** Whether the attribute {@code id} is sent. */
  public boolean sends(String id) {
    return attributes == null || attributes.contains(id);
  }

  /** The header that carries attribute {@code id}: prefix and its new name or its id. */
  public String headerOf(String id) {
    return prefix + names.getOrDefault(id, id);
  }
}
