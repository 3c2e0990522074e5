package org.spgate.core.opensaml;

import java.util.HashSet;
import java.util.Set;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Refuses a document in which two elements carry the same identifier in any attribute that SAML,
 * WS-Security or XML Signature uses as an ID ({@code ID}, {@code Id}, {@code AssertionID}, {@code
 * ResponseID}, {@code wsu:Id}) — whether or not the parser registered it as an ID. Signature
 * wrapping attacks rely on a second element answering to the signed element's ID.
 */
public final class IdUniqueness {

  private static final Set<String> ID_NAMES =
      Set.of("ID", "Id", "id", "AssertionID", "ResponseID", "RequestID");

  private IdUniqueness() {}

  /** Refuses {@code document} if an identifier occurs twice in it. */
  public static void check(Document document) throws Rejection {
    Set<String> seen = new HashSet<>();
    walk(document.getDocumentElement(), seen);
  }

  /**
   * Refuses a decrypted element whose identifiers repeat among themselves or collide with those of
   * the document it was carried in.
   */
  public static void check(Document outer, Element decrypted) throws Rejection {
    Set<String> seen = new HashSet<>();
    walk(outer.getDocumentElement(), seen);
    walk(decrypted, seen);
  }

  private static void walk(Element element, Set<String> seen) throws Rejection {
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attr = (Attr) attributes.item(i);
      String name = attr.getLocalName() != null ? attr.getLocalName() : attr.getName();
      if (ID_NAMES.contains(name) && !seen.add(attr.getValue())) {
        throw new Rejection(Reason.DUPLICATE_ID, "ID '" + attr.getValue() + "' occurs twice");
      }
    }
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        walk(child, seen);
      }
    }
  }
}
