package org.spgate.core.access;

/** Allows exactly when the inner rule denies ({@code NOT}). */
public final class NotRule implements Rule {

  private final Rule inner;
  private final Decision denied;

  public NotRule(Rule inner) {
    this.inner = inner;
    this.denied = Decision.deny(describe());
  }

  @Override
  public Decision decide(Attributes user) {
    return inner.decide(user).allowed() ? denied : Decision.allow();
  }

  @Override
  public String describe() {
    return "not " + inner.describe();
  }
}
