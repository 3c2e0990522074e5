package org.spgate.server.http;

import java.util.List;

/**
 * The original request as a trusted proxy describes it to a forward-auth check, captured by {@link
 * TrustedForwardedHandler} before it removes these headers: every value of {@code X-Original-URI}
 * (nginx), {@code X-Forwarded-Uri} and {@code X-Forwarded-Method} (Traefik). Never attached for a
 * peer outside {@code proxy.trustedProxies}.
 */
public record ForwardedOriginal(
    List<String> originalUri, List<String> forwardedUri, List<String> forwardedMethod) {}
