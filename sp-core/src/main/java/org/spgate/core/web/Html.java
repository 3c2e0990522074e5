package org.spgate.core.web;

/** HTML escaping and the page frame of every page spgate renders itself. */
public final class Html {

  /** No scripts, no external resources, no framing; inline styles only. */
  public static final String CSP =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private Html() {}

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A complete page; {@code body} must already be escaped HTML. */
  public static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + "</title><style>"
        + "body{font-family:system-ui,sans-serif;max-width:48rem;margin:3rem auto;padding:0 1rem;"
        + "color:#222}h1{font-size:1.5rem}code,td{font-family:ui-monospace,monospace}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
        + "text-align:left;vertical-align:top}.muted{color:#666}</style></head><body>"
        + body
        + "</body></html>\n";
  }
}
