package org.spgate.core.opensaml;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.xml.XMLObjectBuilder;
import org.opensaml.core.xml.config.AbstractXMLObjectProviderInitializer;
import org.opensaml.core.xml.config.XMLConfigurator;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
import org.opensaml.core.xml.io.Marshaller;
import org.opensaml.core.xml.io.Unmarshaller;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Registers OpenSAML's XML object providers (a builder, marshaller and unmarshaller per element or
 * schema type) from the configuration files that OpenSAML's own provider initialisers name, as
 * their {@code XMLConfigurator} does, without what it does around that on every start: compiling
 * its configuration schema (once per initialiser), validating each file against it twice (while
 * parsing and after), and serialising each file for a trace log line. Those files are OpenSAML's
 * own, read from its jars; {@code OpenSamlBootstrapTest} proves the registry built here equals the
 * one OpenSAML builds.
 */
final class XmlObjectProviders {

  private static final String NS = XMLConfigurator.XMLTOOLING_CONFIG_NS;

  private final XMLObjectProviderRegistry registry;
  private final DocumentBuilder parser;

  XmlObjectProviders(XMLObjectProviderRegistry registry) throws InitializationException {
    this.registry = registry;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      this.parser = factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new InitializationException("no XML parser for OpenSAML's provider files", e);
    }
  }

  /** The provider files {@code initializer} would load, in its order. */
  static String[] configResources(AbstractXMLObjectProviderInitializer initializer)
      throws InitializationException {
    try {
      Method resources =
          AbstractXMLObjectProviderInitializer.class.getDeclaredMethod("getConfigResources");
      resources.setAccessible(true);
      return (String[]) resources.invoke(initializer);
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new InitializationException(
          "cannot list the provider files of " + initializer.getClass().getName(), e);
    }
  }

  /** Registers every object provider and ID attribute that the file {@code resource} declares. */
  void load(String resource) throws InitializationException {
    Element root = parse(resource).getDocumentElement();
    NodeList providers = root.getElementsByTagNameNS(NS, "ObjectProvider");
    for (int i = 0; i < providers.getLength(); i++) {
      Element provider = (Element) providers.item(i);
      QName name = qname(provider, provider.getAttributeNS(null, "qualifiedName"), resource);
      registry.registerObjectProvider(
          name,
          (XMLObjectBuilder<?>) instance(provider, "BuilderClass", resource),
          (Marshaller) instance(provider, "MarshallingClass", resource),
          (Unmarshaller) instance(provider, "UnmarshallingClass", resource));
    }
    NodeList ids = root.getElementsByTagNameNS(NS, "IDAttribute");
    for (int i = 0; i < ids.getLength(); i++) {
      Element id = (Element) ids.item(i);
      String content = id.getTextContent().trim();
      if (!content.isEmpty()) {
        registry.registerIDAttribute(qname(id, content, resource));
      }
    }
  }

  private Document parse(String resource) throws InitializationException {
    try (InputStream in = XMLConfigurator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InitializationException("OpenSAML provider file " + resource + " not found");
      }
      return parser.parse(in);
    } catch (IOException | SAXException e) {
      throw new InitializationException("cannot read OpenSAML provider file " + resource, e);
    }
  }

  /** A {@code prefix:local} (or {@code local}) name, resolved where it is written. */
  private static QName qname(Element context, String value, String resource)
      throws InitializationException {
    String trimmed = value.trim();
    int colon = trimmed.indexOf(':');
    String prefix = colon < 0 ? null : trimmed.substring(0, colon);
    String namespace = context.lookupNamespaceURI(prefix);
    if (trimmed.isEmpty() || (prefix != null && namespace == null)) {
      throw new InitializationException("bad qualified name '" + value + "' in " + resource);
    }
    return new QName(
        namespace == null ? XMLConstants.NULL_NS_URI : namespace,
        trimmed.substring(colon + 1),
        prefix == null ? XMLConstants.DEFAULT_NS_PREFIX : prefix);
  }

  private static Object instance(Element provider, String role, String resource)
      throws InitializationException {
    NodeList elements = provider.getElementsByTagNameNS(NS, role);
    String className =
        elements.getLength() == 0
            ? ""
            : ((Element) elements.item(0)).getAttributeNS(null, "className").trim();
    if (className.isEmpty()) {
      throw new InitializationException("no " + role + " for a provider in " + resource);
    }
    try {
      return Class.forName(className, true, XMLConfigurator.class.getClassLoader())
          .getConstructor()
          .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new InitializationException("cannot create " + className + " (" + resource + ")", e);
    }
  }
}
