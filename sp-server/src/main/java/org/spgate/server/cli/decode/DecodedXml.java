package org.spgate.server.cli.decode;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.server.cli.decode.CapturedMessage.Protocol;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The captured message as a document for display, parsed by the same hardened parser the consumer
 * uses: pretty XML, and the values the offline report needs (issuer, InResponseTo).
 */
public final class DecodedXml {

  private final @Nullable Document document;
  private final String text;

  private DecodedXml(@Nullable Document document, String text) {
    this.document = document;
    this.text = text;
  }

  /** Decodes {@code message}; when it does not parse, {@link #pretty()} is the raw text. */
  public static DecodedXml of(CapturedMessage message) {
    String xml;
    if (message.protocol() == Protocol.SAML2) {
      try {
        xml = new String(Base64.getMimeDecoder().decode(message.fields()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new DecodedXml(null, "(not base64: " + e.getMessage() + ")");
      }
    } else {
      xml = message.fields();
    }
    try {
      return new DecodedXml(OpenSaml.xml().parse(xml.getBytes(StandardCharsets.UTF_8)), xml);
    } catch (Rejection e) {
      return new DecodedXml(null, xml);
    }
  }

  /** Indented XML, or the text as captured when it is not well-formed. */
  public String pretty() {
    if (document == null) {
      return text;
    }
    Document copy = (Document) document.cloneNode(true);
    dropBlankText(copy.getDocumentElement());
    try {
      TransformerFactory factory = TransformerFactory.newInstance();
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer transformer = factory.newTransformer();
      transformer.setOutputProperty(OutputKeys.INDENT, "yes");
      transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
      transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
      StringWriter out = new StringWriter();
      transformer.transform(new DOMSource(copy), new StreamResult(out));
      return out.toString().strip();
    } catch (TransformerException e) {
      return text;
    }
  }

  /** The issuer: a SAML 2.0 {@code Issuer} element or a SAML 1.1 Assertion's attribute. */
  public Optional<String> issuer() {
    if (document == null) {
      return Optional.empty();
    }
    NodeList all = document.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if ("Issuer".equals(element.getLocalName())) {
        return Optional.of(element.getTextContent().strip());
      }
      if ("Assertion".equals(element.getLocalName()) && element.hasAttribute("Issuer")) {
        return Optional.of(element.getAttribute("Issuer"));
      }
    }
    return Optional.empty();
  }

  /** The Response's InResponseTo, if any. */
  public Optional<String> inResponseTo() {
    if (document == null) {
      return Optional.empty();
    }
    String value = document.getDocumentElement().getAttribute("InResponseTo");
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static void dropBlankText(Node node) {
    Node child = node.getFirstChild();
    while (child != null) {
      Node next = child.getNextSibling();
      if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
        node.removeChild(child);
      } else {
        dropBlankText(child);
      }
      child = next;
    }
  }
}
