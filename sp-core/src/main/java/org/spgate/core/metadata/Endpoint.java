package org.spgate.core.metadata;

/** A protocol endpoint of an IdP: its SAML binding URI and its http(s) location. */
public record Endpoint(String binding, String location) {}
