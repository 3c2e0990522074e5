package org.spgate.core.assertion;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads values from the DOM of verified elements: the full text content, so that nothing but the
 * whole string is ever used (the parser already dropped comments and joined adjacent text).
 */
public final class DomValues {

  private DomValues() {}

  /** The whole text content of {@code element}, stripped of surrounding XML whitespace. */
  public static String text(Element element) {
    return strip(element.getTextContent());
  }

  /** Whether {@code element} has element children (a string value must not). */
  public static boolean hasElementChildren(Element element) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        return true;
      }
    }
    return false;
  }

  /** The first child element of {@code element} with the given name, or {@code null}. */
  public static @Nullable Element child(Element element, String namespace, String localName) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && namespace.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  /** An attribute's value, or {@code null} when absent or empty. */
  public static @Nullable String attribute(Element element, String name) {
    String value = element.getAttributeNS(null, name);
    return value.isEmpty() ? null : value;
  }

  private static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isXmlSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isXmlSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isXmlSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
