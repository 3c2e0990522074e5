package org.spgate.core.config;

/** Whether a route needs a session; written {@code required}, {@code optional} or {@code none}. */
public enum AuthMode {
  /** Without a session the browser is sent to the IdP (API clients get 401). */
  REQUIRED,
  /** Identity headers are sent when there is a session; requests pass either way. */
  OPTIONAL,
  /** No session is looked up and no identity headers are sent (inbound ones are still removed). */
  NONE
}
