package org.spgate.server.proxy;

import java.util.Locale;

/**
 * Header name comparison the way CGI/WSGI/PHP backends see names: they turn a header into a
 * variable such as {@code HTTP_REMOTE_USER}, so case, {@code -}, {@code _} and {@code .} (which PHP
 * folds to {@code _}) do not tell two names apart. The normal form is lower case with {@code _} and
 * {@code .} written as {@code -}: {@code Remote_User}, {@code REMOTE.USER} and {@code remote-user}
 * are one name.
 */
public final class HeaderNames {

  private HeaderNames() {}

  /** The normal form of {@code name}: lower case, {@code _} and {@code .} as {@code -}. */
  public static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }
}
