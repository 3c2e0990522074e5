/**
 * spgate's HTTP/1.1 engine toward backends: bounded per-backend connection pools, the request head
 * and body written with back-pressure, the strict response parser and the response relay. Every
 * proxied request goes through it.
 */
@NullMarked
package org.spgate.server.proxy.direct;

import org.jspecify.annotations.NullMarked;
