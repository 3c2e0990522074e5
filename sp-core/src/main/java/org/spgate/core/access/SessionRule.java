package org.spgate.core.access;

/**
 * "Has a session": every rule is asked only about users with a session, so this rule always allows.
 * It exists so that a named rule can say just that (Shibboleth's {@code requireSession}).
 */
public final class SessionRule implements Rule {

  @Override
  public Decision decide(Attributes user) {
    return Decision.allow();
  }

  @Override
  public String describe() {
    return "a session";
  }
}
