package org.spgate.core.opensaml;

import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.AbstractXMLObjectProviderInitializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;
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
 *
 * <p>Initialisation loads a few thousand builder, marshaller and unmarshaller classes (about a
 * second on a cold JVM). {@link #initInBackground} starts it on its own thread so that a server can
 * read its configuration and keys meanwhile; every operation here, and {@link #init}, waits for it
 * to finish, and a failure is rethrown to each caller.
 */
public final class OpenSaml {

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final CompletableFuture<SecureXml> READY = new CompletableFuture<>();

  private OpenSaml() {}

  /** Starts initialisation on a daemon thread unless it has started; returns at once. */
  public static void initInBackground() {
    if (STARTED.compareAndSet(false, true)) {
      Thread thread = new Thread(OpenSaml::initialize, "spgate-opensaml-init");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Initialises OpenSAML on this thread if it was not started yet, else waits for it; cheap after
   * the first call. Returns the shared secure parser.
   *
   * @throws IllegalStateException if initialisation failed (on any thread)
   */
  public static SecureXml init() {
    if (STARTED.compareAndSet(false, true)) {
      initialize();
    }
    try {
      return READY.join();
    } catch (CompletionException e) {
      throw new IllegalStateException("OpenSAML initialisation failed", e.getCause());
    }
  }

  /** The shared secure parser (waits for initialisation). */
  public static SecureXml xml() {
    return init();
  }

  private static void initialize() {
    try {
      runInitializers();
      SecureXml xml = new SecureXml();
      XMLObjectProviderRegistrySupport.setParserPool(xml.parserPool());
      READY.complete(xml);
    } catch (Throwable e) { // any failure, even an Error, must reach the waiting callers
      READY.completeExceptionally(e);
    }
  }

  /**
   * What {@code InitializationService.initialize()} does, in its order (OpenSAML's initialisers as
   * the service loader lists them), except that the XML object providers are registered by {@link
   * XmlObjectProviders}: the same registry in about 100 ms less of start-up.
   */
  private static void runInitializers() throws InitializationException {
    XMLObjectProviderRegistry registry;
    synchronized (ConfigurationService.class) {
      registry = ConfigurationService.get(XMLObjectProviderRegistry.class);
      if (registry == null) {
        registry = new XMLObjectProviderRegistry();
        ConfigurationService.register(XMLObjectProviderRegistry.class, registry);
      }
    }
    XmlObjectProviders providers = new XmlObjectProviders(registry);
    for (Initializer initializer : ServiceLoader.load(Initializer.class)) {
      if (initializer instanceof AbstractXMLObjectProviderInitializer) {
        for (String resource :
            XmlObjectProviders.configResources(
                (AbstractXMLObjectProviderInitializer) initializer)) {
          providers.load(resource);
        }
      } else {
        initializer.init();
      }
    }
  }

  /** Builds an empty SAML object of the type registered for {@code name}. */
  @SuppressWarnings("unchecked")
  public static <T extends XMLObject> T build(QName name) {
    init();
    XMLObjectBuilderFactory builders = XMLObjectProviderRegistrySupport.getBuilderFactory();
    return (T) builders.getBuilderOrThrow(name).buildObject(name);
  }

  /** Unmarshals a DOM element; the object keeps the element as its DOM. */
  public static XMLObject unmarshal(Element element) throws Rejection {
    init();
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
    init();
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
