/** HTTP plumbing shared by all handlers: attachments, error pages, forms, paths, redirects. */
@NullMarked
package org.spgate.server.http;

import org.jspecify.annotations.NullMarked;
