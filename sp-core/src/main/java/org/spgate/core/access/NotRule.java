package org.spgate.core.access;

/** Allows exactly when the inner rule denies ({@code NOT}). */
public final class NotRule implements Rule {

  private final Rule inner;

  public NotRule(Rule inner) {
    this.inner = inner;
  }

  @Override
  public Decision decide(Attributes user) {
    return inner.decide(user).allowed() ? Decision.deny(describe()) : Decision.allow();
  }

  @Override
  public String describe() {
    return "not " + inner.describe();
  }
}
