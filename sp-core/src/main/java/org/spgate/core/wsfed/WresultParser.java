package org.spgate.core.wsfed;

import java.nio.charset.StandardCharsets;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.IdUniqueness;
import org.spgate.core.opensaml.OpenSaml;
import org.w3c.dom.Document;

/**
 * Turns the {@code wresult} form value into a DOM: size cap, the one hardened parser (no DOCTYPE,
 * comments dropped, adjacent text joined), and no two elements sharing an ID anywhere in the
 * document. Unlike SAML 2.0 POST, {@code wresult} is XML text, not base64.
 */
final class WresultParser {

  private WresultParser() {}

  static Document parse(String wresult, int maxBytes) throws Rejection {
    if (wresult.isBlank()) {
      throw new Rejection(Reason.MISSING_MESSAGE, "wresult is empty");
    }
    // A char is at least one UTF-8 byte: refuse huge input before encoding it.
    if (wresult.length() > maxBytes) {
      throw new Rejection(Reason.MESSAGE_TOO_LARGE, "wresult exceeds " + maxBytes + " bytes");
    }
    byte[] xml = wresult.getBytes(StandardCharsets.UTF_8);
    if (xml.length > maxBytes) {
      throw new Rejection(
          Reason.MESSAGE_TOO_LARGE,
          "wresult is " + xml.length + " bytes, over the limit of " + maxBytes);
    }
    Document document = OpenSaml.xml().parse(xml);
    IdUniqueness.check(document);
    return document;
  }
}
