package org.spgate.core.config;

/**
 * What spgate does when an attribute's header does not fit a route's {@link HeaderBudget}: backends
 * refuse a request whose header fields exceed their own limits (gunicorn answers 400, Tomcat and
 * Node.js 400 or 431), so spgate decides first and says what it decided.
 */
public enum HeaderOverflow {
  /** The request is refused with a page naming the attribute; the backend is not asked. */
  REFUSE,
  /** The attribute's header is left out and its id announced to the backend. */
  DROP,
  /**
   * The attribute keeps its first values that fit and its id is announced; an attribute whose first
   * value alone does not fit is dropped.
   */
  TRUNCATE
}
