/** IdP metadata loading (trusted keys, endpoints, scopes) and SP metadata generation. */
@NullMarked
package org.spgate.core.metadata;

import org.jspecify.annotations.NullMarked;
