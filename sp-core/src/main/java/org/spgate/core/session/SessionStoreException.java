package org.spgate.core.session;

/**
 * A shared store (Redis) could not be reached or did not answer in time. Callers fail closed: a
 * session that cannot be checked is never treated as present.
 */
public final class SessionStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SessionStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
