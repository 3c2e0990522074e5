package org.spgate.server.cli.decode;

import org.jspecify.annotations.Nullable;

/**
 * A sign-in message as the browser POSTed it.
 *
 * @param protocol which consumer it goes to
 * @param fields for SAML 2.0 the base64 {@code SAMLResponse}; for WS-Fed the raw {@code wresult}
 * @param wa WS-Fed's {@code wa} ({@code wsignin1.0} when not captured)
 * @param context {@code RelayState} or {@code wctx}, if captured
 * @param source where it was found, for the report (e.g. "HAR entry 3: POST https://…")
 */
public record CapturedMessage(
    Protocol protocol, String fields, String wa, @Nullable String context, String source) {

  /** The two consumers. */
  public enum Protocol {
    SAML2("SAML 2.0 Response"),
    WSFED("WS-Federation sign-in (wresult)");

    private final String label;

    Protocol(String label) {
      this.label = label;
    }

    /** What the report calls it. */
    public String label() {
      return label;
    }
  }
}
