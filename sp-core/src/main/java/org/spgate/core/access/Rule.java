package org.spgate.core.access;

/**
 * A requirement on the attributes of a user who has a session. Rules are built once when the
 * configuration is read (regular expressions are compiled then) and are immutable and thread-safe.
 * A rule's denial is built then too: a {@code not} clause asks its inner rule for a denial on every
 * request of a user who passes, which must not cost a string per request.
 */
public interface Rule {

  /** The decision for a user with these attributes. */
  Decision decide(Attributes user);

  /** What the rule requires, without values a user holds; shown when it fails. */
  String describe();
}
