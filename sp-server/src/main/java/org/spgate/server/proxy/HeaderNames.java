package org.spgate.server.proxy;

import java.util.Locale;

/**
 * Header name comparison the way CGI/WSGI backends see names: case-folded, {@code _} = {@code -}.
 */
public final class HeaderNames {

  private HeaderNames() {}

  /** The normal form of {@code name}: lower case with underscores as dashes. */
  public static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
