package org.spgate.core.config;

/**
 * The session cookie's attributes.
 *
 * @param name the cookie name, e.g. {@code __Host-spgate}
 * @param secure whether the cookie carries the {@code Secure} attribute
 * @param sameSite {@code Lax}, {@code Strict} or {@code None}
 */
public record CookieConfig(String name, boolean secure, String sameSite) {}
