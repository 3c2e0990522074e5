package org.spgate.core.xml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.ConfigProblem;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads an operator's XML file (metadata, attribute map) into a DOM whose elements remember their
 * line, so that a mistake can be reported as {@code file:line}.
 *
 * <p>The same hardening as for messages applies (no DOCTYPE, no external entities): a metadata
 * aggregate is as untrusted as a POSTed response until its keys are in use. Comments are dropped
 * and adjacent text is joined, so values read here cannot be split by a comment.
 */
public final class LocatedXml {

  private static final String LINE_KEY = "org.spgate.line";
  private static final SAXParserFactory FACTORY = newFactory();

  private LocatedXml() {}

  /** Parses {@code file}; every problem is reported with the file and, where known, the line. */
  public static Document read(Path file) throws ConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file);
    } catch (IOException e) {
      throw new ConfigException(new ConfigProblem(file, 0, null, "cannot read file: " + e));
    }
  }

  /** Parses {@code in}, naming {@code file} in problems. */
  public static Document read(InputStream in, Path file) throws ConfigException {
    try {
      Document document = newDocument();
      SAXParser parser = FACTORY.newSAXParser();
      parser.parse(in, new DomBuilder(document));
      return document;
    } catch (SAXParseException e) {
      throw new ConfigException(
          new ConfigProblem(file, Math.max(e.getLineNumber(), 0), null, explain(e)));
    } catch (SAXException | ParserConfigurationException e) {
      throw new ConfigException(new ConfigProblem(file, 0, null, "not well-formed XML: " + e));
    } catch (IOException e) {
      throw new ConfigException(new ConfigProblem(file, 0, null, "cannot read file: " + e));
    }
  }

  /** The line on which {@code node} (or its nearest located ancestor) starts, or 0. */
  public static int lineOf(Node node) {
    for (Node n = node; n != null; n = n.getParentNode()) {
      Object line = n.getUserData(LINE_KEY);
      if (line instanceof Integer value) {
        return value;
      }
    }
    return 0;
  }

  private static String explain(SAXParseException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("DOCTYPE")) {
      return "DOCTYPE declarations are not allowed (they enable entity expansion and external"
          + " entities); remove the <!DOCTYPE ...> line";
    }
    return "not well-formed XML: " + message;
  }

  private static Document newDocument() throws ParserConfigurationException {
    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
    dbf.setNamespaceAware(true);
    return dbf.newDocumentBuilder().newDocument();
  }

  private static SAXParserFactory newFactory() {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setXIncludeAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      return factory;
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's SAX parser lacks a required security feature", e);
    }
  }

  /** Builds DOM nodes from SAX events, recording each element's line. */
  private static final class DomBuilder extends DefaultHandler {
    private final Document document;
    private final Deque<Node> open = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final List<String[]> declarations = new ArrayList<>();
    private Locator locator = null;

    DomBuilder(Document document) {
      this.document = document;
      open.push(document);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    /**
     * Keeps namespace declarations as xmlns attributes (SAX reports them separately), so that
     * QName-valued attributes such as {@code xsi:type="fed:SecurityTokenServiceType"} can be
     * resolved with {@link Node#lookupNamespaceURI}.
     */
    @Override
    public void startPrefixMapping(String prefix, String uri) {
      declarations.add(new String[] {prefix, uri});
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attrs)
        throws SAXException {
      flushText();
      Element element;
      try {
        element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
        for (String[] declaration : declarations) {
          String name = declaration[0].isEmpty() ? "xmlns" : "xmlns:" + declaration[0];
          element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, name, declaration[1]);
        }
        declarations.clear();
        for (int i = 0; i < attrs.getLength(); i++) {
          String attrUri = attrs.getURI(i);
          element.setAttributeNS(
              attrUri.isEmpty() ? null : attrUri, attrs.getQName(i), attrs.getValue(i));
        }
      } catch (DOMException e) {
        // A name the parser let through but DOM refuses (e.g. ":xmlns"): the file's fault.
        throw new SAXParseException(
            "invalid element or attribute name in <" + qName + ">: " + e.getMessage(), locator);
      }
      if (locator != null) {
        element.setUserData(LINE_KEY, locator.getLineNumber(), null);
      }
      open.peek().appendChild(element);
      open.push(element);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      flushText();
      open.pop();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      text.append(ch, start, length);
    }

    private void flushText() {
      if (text.length() > 0) {
        if (open.peek() != document) {
          open.peek().appendChild(document.createTextNode(text.toString()));
        }
        text.setLength(0);
      }
    }
  }
}
