/**
 * End-to-end tests that drive headless Chromium against a real Keycloak, spgate.jar and a Flask
 * backend, each started as a separate process on loopback ports.
 *
 * <p>The support classes here ({@link org.spgate.e2e.KeycloakServer}, {@link
 * org.spgate.e2e.Browser}, {@link org.spgate.e2e.FlaskBackend}, {@link
 * org.spgate.e2e.SpGateProcess}) own one process each and stop it on {@code close()}; {@link
 * org.spgate.e2e.E2EPrerequisites} decides whether the machine can run these tests at all.
 */
@NullMarked
package org.spgate.e2e;

import org.jspecify.annotations.NullMarked;
