/**
 * The reverse proxy's identity policy: request cleaning, identity headers, the one definition of
 * hop-by-hop and {@code X-Forwarded-*} rules, and {@link org.spgate.server.proxy.BackendProxy}, the
 * handler a route forwards through. The HTTP/1.1 engine that talks to backends is in {@code
 * proxy.direct}.
 */
@NullMarked
package org.spgate.server.proxy;

import org.jspecify.annotations.NullMarked;
