package org.spgate.core.session.persist;

/**
 * A session file that cannot be used: not one, of an unknown version, truncated, altered, or sealed
 * with another key. The message says which, without any of the file's contents.
 */
public final class SessionFileException extends Exception {

  private static final long serialVersionUID = 1L;

  public SessionFileException(String reason) {
    super(reason);
  }

  public SessionFileException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
