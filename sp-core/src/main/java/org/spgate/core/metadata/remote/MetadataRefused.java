package org.spgate.core.metadata.remote;

/** A fetched or cached metadata document that must not be used; the message says why. */
public final class MetadataRefused extends Exception {

  private static final long serialVersionUID = 1L;

  public MetadataRefused(String message) {
    super(message, null, false, false);
  }
}
