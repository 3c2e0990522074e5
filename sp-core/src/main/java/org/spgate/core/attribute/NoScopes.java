package org.spgate.core.attribute;

/** The scope policy of an IdP whose metadata lists no scope: accepts every scope. */
enum NoScopes implements ScopePolicy {
  INSTANCE;

  @Override
  public boolean accepts(String scope) {
    return true;
  }

  @Override
  public boolean enforced() {
    return false;
  }

  @Override
  public String toString() {
    return "no scopes listed (all accepted)";
  }
}
