package org.spgate.core.saml2;

import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.xml.SecureXml;
import org.w3c.dom.Element;

/**
 * OpenSAML, initialised once per process, and the few operations spgate uses from it: build,
 * marshal, unmarshal. OpenSAML 4.0.1 is end of life; this is the seam where it is wrapped.
 */
public final class OpenSaml {

  private static final SecureXml XML = new SecureXml();

  static {
    try {
      InitializationService.initialize();
    } catch (InitializationException e) {
      throw new ExceptionInInitializerError(e);
    }
    XMLObjectProviderRegistrySupport.setParserPool(XML.parserPool());
  }

  private OpenSaml() {}

  /** Initialises OpenSAML if it was not yet; cheap after the first call. */
  public static SecureXml init() {
    return XML;
  }

  /** The shared secure parser. */
  public static SecureXml xml() {
    return XML;
  }

  /** Builds an empty SAML object of the type registered for {@code name}. */
  @SuppressWarnings("unchecked")
  public static <T extends XMLObject> T build(QName name) {
    XMLObjectBuilderFactory builders = XMLObjectProviderRegistrySupport.getBuilderFactory();
    return (T) builders.getBuilderOrThrow(name).buildObject(name);
  }

  /** Unmarshals a DOM element; the object keeps the element as its DOM. */
  public static XMLObject unmarshal(Element element) throws Rejection {
    Unmarshaller unmarshaller =
        XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(element);
    if (unmarshaller == null) {
      throw new Rejection(
          Reason.UNEXPECTED_MESSAGE, "no SAML object type for element " + element.getTagName());
    }
    try {
      return unmarshaller.unmarshall(element);
    } catch (UnmarshallingException | RuntimeException e) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "cannot read SAML element: " + e.getMessage());
    }
  }

  /** Marshals {@code object} (into a new document unless it has a DOM) and returns its element. */
  public static Element marshal(XMLObject object) {
    try {
      return XMLObjectProviderRegistrySupport.getMarshallerFactory()
          .getMarshaller(object)
          .marshall(object);
    } catch (MarshallingException e) {
      throw new IllegalStateException("cannot marshal " + object.getElementQName(), e);
    }
  }

  /** Serialises {@code object} without an XML declaration. */
  public static String toXml(XMLObject object) {
    Element element = object.getDOM() != null ? object.getDOM() : marshal(object);
    return SerializeSupport.nodeToString(element);
  }
}
