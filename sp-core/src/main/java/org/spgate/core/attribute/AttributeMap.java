package org.spgate.core.attribute;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spgate.core.config.ConfigException;

/**
 * A loaded Shibboleth SP {@code attribute-map.xml}: which SAML attributes and NameID formats become
 * which attribute ids, and how their values are decoded.
 *
 * <p>The file is read and checked once, at start ({@link #load}); mapping then only looks rules up
 * by attribute name in a hash index. The format is Shibboleth's ({@code
 * urn:mace:shibboleth:2.0:attribute-map}): {@code <Attribute name nameFormat id aliases>} with an
 * optional {@code <AttributeDecoder xsi:type>} of type {@code StringAttributeDecoder} (the
 * default), {@code ScopedAttributeDecoder} or {@code NameIDAttributeDecoder}. See {@link
 * AttributeMapper} for the matching rules.
 */
public final class AttributeMap {

  private final List<String> ids;
  private final Set<String> idSet;
  private final Map<String, List<MapRule>> byName;

  /**
   * A map of these rules.
   *
   * @param rules in file order
   * @param ids every id and alias in file order; the rules' slots index into it
   */
  AttributeMap(List<MapRule> rules, List<String> ids) {
    this.ids = List.copyOf(ids);
    this.idSet = Collections.unmodifiableSet(new LinkedHashSet<>(ids));
    Map<String, List<MapRule>> index = new HashMap<>();
    for (MapRule rule : rules) {
      index.computeIfAbsent(rule.name(), k -> new ArrayList<>(1)).add(rule);
    }
    index.replaceAll((name, list) -> List.copyOf(list));
    this.byName = Map.copyOf(index);
  }

  /**
   * Reads and checks an attribute-map.xml file.
   *
   * @throws ConfigException listing every problem found, each with its line
   */
  public static AttributeMap load(Path file) throws ConfigException {
    return AttributeMapReader.read(file);
  }

  /** Every id and alias the map can produce, in file order (each becomes a header name). */
  public Set<String> ids() {
    return idSet;
  }

  /** The id at {@code slot}; the same instance as in {@link #ids()}. */
  String idAt(int slot) {
    return ids.get(slot);
  }

  /** How many ids and aliases there are. */
  int idCount() {
    return ids.size();
  }

  /** The rules for attributes (or NameID formats) named {@code name}, in file order. */
  List<MapRule> rulesFor(String name) {
    return byName.getOrDefault(name, List.of());
  }

  @Override
  public String toString() {
    return "AttributeMap" + ids;
  }
}
