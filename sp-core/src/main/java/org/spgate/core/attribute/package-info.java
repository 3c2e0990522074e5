/**
 * Shibboleth attribute-map.xml: the rules, their decoders, and the mapper from raw SAML attributes
 * to attribute ids.
 */
@NullMarked
package org.spgate.core.attribute;

import org.jspecify.annotations.NullMarked;
