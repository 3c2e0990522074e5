package org.spgate.core.opensaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.Initializer;
import org.opensaml.core.xml.config.AbstractXMLObjectProviderInitializer;
import org.opensaml.core.xml.config.XMLObjectProviderRegistry;

class OpenSamlBootstrapTest {

  private static final QName THING = new QName("urn:spgate:test", "Thing");

  /**
   * spgate registers OpenSAML's providers itself (no schema compilation or validation at start);
   * the result must be exactly what OpenSAML's own initialisers register: same element and type
   * names, same builder, marshaller and unmarshaller classes, same ID attributes.
   */
  @Test
  void registryWhenBuiltBySpgateThenEqualsTheOneOpenSamlBuilds() throws Exception {
    OpenSaml.init();
    XMLObjectProviderRegistry ours = ConfigurationService.get(XMLObjectProviderRegistry.class);
    XMLObjectProviderRegistry theirs = new XMLObjectProviderRegistry();
    synchronized (ConfigurationService.class) {
      ConfigurationService.register(XMLObjectProviderRegistry.class, theirs);
      try {
        for (Initializer initializer : ServiceLoader.load(Initializer.class)) {
          if (initializer instanceof AbstractXMLObjectProviderInitializer) {
            initializer.init(); // OpenSAML's XMLConfigurator, with its schema validation
          }
        }
      } finally {
        ConfigurationService.register(XMLObjectProviderRegistry.class, ours);
      }
    }

    assertThat(providers(theirs)).hasSizeGreaterThan(400);
    assertThat(providers(ours)).isEqualTo(providers(theirs));
    assertThat(idAttributes(theirs)).isNotEmpty();
    assertThat(idAttributes(ours)).isEqualTo(idAttributes(theirs));
  }

  @Test
  void loadWhenProviderClassIsMissingThenFailsNamingIt() throws Exception {
    XmlObjectProviders providers = new XmlObjectProviders(new XMLObjectProviderRegistry());

    assertThatThrownBy(() -> providers.load("/opensaml/unknown-builder-config.xml"))
        .isInstanceOf(InitializationException.class)
        .hasMessageContaining("org.spgate.test.NoSuchBuilder")
        .hasMessageContaining("unknown-builder-config.xml");
  }

  @Test
  void loadWhenProviderClassesExistThenRegistersProviderAndIdAttribute() throws Exception {
    XMLObjectProviderRegistry registry = new XMLObjectProviderRegistry();

    new XmlObjectProviders(registry).load("/opensaml/known-thing-config.xml");

    assertThat(registry.getBuilderFactory().getBuilder(THING)).isNotNull();
    assertThat(registry.getUnmarshallerFactory().getUnmarshaller(THING)).isNotNull();
    assertThat(registry.isIDAttribute(new QName("urn:spgate:test", "ThingID"))).isTrue();
  }

  @Test
  void loadWhenFileIsMissingThenFailsNamingIt() throws Exception {
    XmlObjectProviders providers = new XmlObjectProviders(new XMLObjectProviderRegistry());

    assertThatThrownBy(() -> providers.load("/opensaml/no-such-config.xml"))
        .isInstanceOf(InitializationException.class)
        .hasMessageContaining("/opensaml/no-such-config.xml not found");
  }

  /** Each registered name with the classes of its builder, marshaller and unmarshaller. */
  private static Map<String, List<String>> providers(XMLObjectProviderRegistry registry) {
    Map<String, List<String>> all = new TreeMap<>();
    registry
        .getBuilderFactory()
        .getBuilders()
        .forEach(
            (name, builder) -> {
              List<String> classes = new ArrayList<>();
              classes.add(builder.getClass().getName());
              classes.add(className(registry.getMarshallerFactory().getMarshallers().get(name)));
              classes.add(
                  className(registry.getUnmarshallerFactory().getUnmarshallers().get(name)));
              all.put(name.toString(), classes);
            });
    return all;
  }

  private static String className(Object o) {
    return o == null ? "none" : o.getClass().getName();
  }

  @SuppressWarnings("unchecked")
  private static Set<String> idAttributes(XMLObjectProviderRegistry registry) throws Exception {
    // The registry has no accessor for the whole set.
    Field field = XMLObjectProviderRegistry.class.getDeclaredField("idAttributeNames");
    field.setAccessible(true);
    Set<String> names = new TreeSet<>();
    ((Set<QName>) field.get(registry)).forEach(name -> names.add(name.toString()));
    return names;
  }
}
