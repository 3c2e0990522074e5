package org.spgate.server.proxy;

import io.undertow.util.HttpString;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.config.HeaderProfile;

/**
 * What the backends of one kind of route receive, resolved once at start: the header of each
 * attribute sent, and whether the remote-user and session headers go too. Routes without a header
 * profile get {@link #defaults}: every attribute, under the section's prefix and its id.
 *
 * @param attributes the header of each attribute id sent; an id not in it is not sent
 * @param remoteUser whether the remote-user header is sent
 * @param sessionHeaders whether the {@code Shib-*} session headers are sent
 */
record ProfileHeaders(
    Map<String, HttpString> attributes, boolean remoteUser, boolean sessionHeaders) {

  ProfileHeaders {
    attributes = Map.copyOf(attributes);
  }

  /** Every id of the attribute map under the section's prefix, as a Shibboleth SP sends them. */
  static ProfileHeaders defaults(HeaderConfig config, Set<String> attributeIds) {
    Map<String, HttpString> names = new HashMap<>();
    for (String id : attributeIds) {
      names.put(id, new HttpString(config.prefix() + id));
    }
    return new ProfileHeaders(names, true, config.sessionHeaders());
  }

  /**
   * The attributes {@code profile} lists that the map declares (a configuration naming others was
   * refused by {@code core.config.HeaderProfiles.check}), under their new names.
   */
  static ProfileHeaders of(HeaderProfile profile, Set<String> attributeIds) {
    Map<String, HttpString> names = new HashMap<>();
    for (String id : attributeIds) {
      if (profile.sends(id)) {
        names.put(id, new HttpString(profile.headerOf(id)));
      }
    }
    return new ProfileHeaders(names, profile.remoteUser(), profile.sessionHeaders());
  }
}
