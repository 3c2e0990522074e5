package org.spgate.core.config;

/** How attribute values are written into identity headers sent to backends. */
public enum HeaderEncoding {
  /** Raw UTF-8 bytes, as mod_shib sends them; backends must decode headers as UTF-8. */
  UTF8,
  /** Percent-encoded UTF-8, safe for backends that only accept ASCII header values. */
  URL
}
