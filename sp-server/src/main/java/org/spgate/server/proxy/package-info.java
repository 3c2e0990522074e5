/** The reverse proxy: request cleaning, identity headers, and Undertow's proxy handler. */
@NullMarked
package org.spgate.server.proxy;

import org.jspecify.annotations.NullMarked;
