package org.spgate.server.shibimport;

/**
 * Something of the Shibboleth configuration the importer did not carry over.
 *
 * @param where file:line of the element or directive
 * @param what the element or directive
 * @param reason why it has no spgate equivalent
 * @param hint what to do instead
 */
public record Untranslated(String where, String what, String reason, String hint) {

  @Override
  public String toString() {
    return where + ": " + what + ": " + reason + "; " + hint;
  }
}
