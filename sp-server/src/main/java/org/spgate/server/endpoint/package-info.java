/**
 * One handler per SP endpoint under the handler path (ACS, Login, Logout, Metadata, Session,
 * Status).
 */
@NullMarked
package org.spgate.server.endpoint;

import org.jspecify.annotations.NullMarked;
