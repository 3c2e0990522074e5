package org.spgate.core.config;

import java.net.URI;

/**
 * A path prefix and the backend that serves it.
 *
 * @param path the prefix, {@code /} or e.g. {@code /app} (no trailing '/')
 * @param backend {@code http://host[:port][/path]}
 * @param auth whether a session is needed
 */
public record RouteConfig(String path, URI backend, AuthMode auth) {}
