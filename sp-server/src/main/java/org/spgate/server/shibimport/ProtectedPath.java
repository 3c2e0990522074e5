package org.spgate.server.shibimport;

import org.jspecify.annotations.Nullable;

/**
 * A path the Shibboleth set-up protects or proxies, merged from RequestMap and Apache.
 *
 * @param path the URL path prefix, without trailing slash ("/" for everything)
 * @param auth spgate's {@code routes[i].auth}: required, optional or none
 * @param backend the ProxyPass target, if one was found
 * @param access who may pass beyond having a session, or null when a session (or none) is all
 */
record ProtectedPath(
    String path, String auth, @Nullable String backend, @Nullable Requirement access) {

  ProtectedPath(String path, String auth, @Nullable String backend) {
    this(path, auth, backend, null);
  }

  ProtectedPath withBackend(String target) {
    return new ProtectedPath(path, auth, target, access);
  }

  ProtectedPath withAuth(String mode) {
    return new ProtectedPath(path, mode, backend, access);
  }

  ProtectedPath withAccess(Requirement rule) {
    return new ProtectedPath(path, "required", backend, rule);
  }

  static String normalise(String path) {
    String trimmed = path.strip();
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
  }
}
