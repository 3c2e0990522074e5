package org.spgate.core.attribute;

/**
 * What decoders need to know about one mapping run besides the value itself.
 *
 * @param issuer the IdP's entityID (default NameQualifier, and named in log lines)
 * @param spEntityId our entityID (default SPNameQualifier)
 * @param scopes the scopes the issuer may assert
 */
record MappingContext(String issuer, String spEntityId, ScopePolicy scopes) {}
