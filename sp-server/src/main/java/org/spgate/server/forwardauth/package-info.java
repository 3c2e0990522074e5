/**
 * Forward-auth: {@code {handlerPath}/auth} answers a proxy that fronts the backend itself (nginx
 * {@code auth_request}, Traefik ForwardAuth, HAProxy) whether the original request may pass, with
 * the identity headers the proxy mode would send. Route matching, sessions, access rules and header
 * encoding are those of the proxy mode, reused.
 */
@NullMarked
package org.spgate.server.forwardauth;

import org.jspecify.annotations.NullMarked;
