package org.spgate.core.xml;

import java.io.ByteArrayInputStream;
import java.util.Map;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.w3c.dom.Document;

/**
 * The one XML parser for untrusted messages (SAML responses, WS-Fed tokens, decrypted content).
 *
 * <p>Configured once, as OpenSAML's "Secure XML Processing Requirements" ask: DOCTYPE refused
 * (which defeats XXE and entity expansion), secure processing on, no XInclude, namespace aware,
 * comments dropped and adjacent text joined, so that {@code a<!---->b} reads as {@code ab}
 * everywhere (CVE-2017-11427 family). The JDK's own limits bound element depth and attributes per
 * element. The pool is also registered as OpenSAML's parser pool so its decrypter uses it.
 */
public final class SecureXml {

  /** Deeper than any SAML message we accept, including encrypted and WS-Fed wrapped ones. */
  static final int MAX_ELEMENT_DEPTH = 64;

  /** SAML elements have fewer than ten attributes; namespace declarations count too. */
  static final int MAX_ATTRIBUTES_PER_ELEMENT = 64;

  private final BasicParserPool pool;

  public SecureXml() {
    pool = new BasicParserPool();
    pool.setMaxPoolSize(64);
    pool.setNamespaceAware(true);
    pool.setIgnoreComments(true);
    pool.setCoalescing(true);
    pool.setExpandEntityReferences(false);
    pool.setXincludeAware(false);
    pool.setIgnoreElementContentWhitespace(false);
    pool.setDTDValidating(false);
    pool.setBuilderFeatures(
        Map.of(
            "http://apache.org/xml/features/disallow-doctype-decl", true,
            "http://javax.xml.XMLConstants/feature/secure-processing", true,
            "http://xml.org/sax/features/external-general-entities", false,
            "http://xml.org/sax/features/external-parameter-entities", false,
            "http://apache.org/xml/features/nonvalidating/load-external-dtd", false));
    pool.setBuilderAttributes(
        Map.of(
            "http://www.oracle.com/xml/jaxp/properties/maxElementDepth",
            String.valueOf(MAX_ELEMENT_DEPTH),
            "http://www.oracle.com/xml/jaxp/properties/elementAttributeLimit",
            String.valueOf(MAX_ATTRIBUTES_PER_ELEMENT)));
    try {
      pool.initialize();
    } catch (ComponentInitializationException e) {
      throw new IllegalStateException("cannot configure the secure XML parser", e);
    }
  }

  /** The pool, for OpenSAML components that parse on their own (the decrypter). */
  public ParserPool parserPool() {
    return pool;
  }

  /** Parses untrusted bytes; any problem is a {@link Reason#MALFORMED_XML} rejection. */
  public Document parse(byte[] xml) throws Rejection {
    try {
      return pool.parse(new ByteArrayInputStream(xml));
    } catch (XMLParserException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new Rejection(Reason.MALFORMED_XML, "XML parse failed: " + cause.getMessage());
    }
  }
}
