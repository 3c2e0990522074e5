package org.spgate.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link KeycloakServer} and the {@link SpEndpoints} it was configured for, shared by
 * all test classes of the run (a start costs about half a minute) and closed when the run ends.
 *
 * <p>Use it after {@link E2EPrerequisites} so a machine without the prerequisites never starts
 * Keycloak.
 */
final class SharedKeycloak implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedKeycloak.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KeycloakServer.class || type == SpEndpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    SpEndpoints sp =
        store.getOrComputeIfAbsent(
            SpEndpoints.class, k -> SpEndpoints.reserve(), SpEndpoints.class);
    if (parameter.getParameter().getType() == SpEndpoints.class) {
      return sp;
    }
    return store.getOrComputeIfAbsent(
        KeycloakServer.class, k -> KeycloakServer.start(sp), KeycloakServer.class);
  }
}
