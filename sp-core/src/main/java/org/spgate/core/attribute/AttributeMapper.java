package org.spgate.core.attribute;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.RawAttribute;
import org.spgate.core.assertion.RawValue;
import org.spgate.core.assertion.VerifiedAssertion;

/**
 * The mapper from a verified assertion's subject and attributes to attribute ids and values, by the
 * rules of an {@link AttributeMap}.
 *
 * <p>Matching rules. A map entry matches an incoming attribute when
 *
 * <ul>
 *   <li>the names are equal (case-sensitive), and
 *   <li>the formats are equal, or the incoming format is absent or {@code
 *       urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified}. An entry without {@code
 *       nameFormat} has the SAML 2.0 {@code uri} format, as in Shibboleth: it matches {@code uri}
 *       attributes, but not {@code basic} ones.
 * </ul>
 *
 * <p>For SAML 1.1 (AD FS over WS-Federation) the incoming format is the {@code AttributeNamespace},
 * so the entry must name it: {@code name="upn"
 * nameFormat="http://schemas.xmlsoap.org/ws/2005/05/identity/claims"}. AD FS and Entra ID SAML 2.0
 * tokens instead send the full claim URI as the name, with format {@code uri} or none.
 *
 * <p>The subject's NameID is offered to the entries whose {@code name} is the NameID's {@code
 * Format} (any {@code nameFormat}); a NameID without Format counts as {@code
 * urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified}. It arrives before the attributes, as in
 * the assertion.
 *
 * <p>Output: ids in attribute-map order, each with its values in arrival order; a value also
 * appears under every alias of its entry. Empty values are dropped, duplicates kept (as in
 * Shibboleth); an id without values is absent. Values a decoder rejects (a scope the IdP may not
 * assert) are dropped and logged at WARN by the decoder; attributes no entry matches are dropped
 * and logged at DEBUG. The map's ids are reused as keys, so sessions share the String instances.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AttributeMapper {

  /** The NameID Format assumed when a NameID has none. */
  static final String NAMEID_UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

  private static final Logger LOG = LoggerFactory.getLogger(AttributeMapper.class);

  private final AttributeMap map;
  private final String spEntityId;

  /**
   * A mapper for {@code map}.
   *
   * @param spEntityId our entityID, the default SPNameQualifier of NameIDs
   */
  public AttributeMapper(AttributeMap map, String spEntityId) {
    this.map = map;
    this.spEntityId = spEntityId;
  }

  /**
   * Mapped attributes: id → values, ids in attribute-map order, values in arrival order; empty
   * values dropped, duplicates kept (as Shibboleth).
   *
   * @param assertion the verified assertion
   * @param scopes the scopes its issuer may assert, from the issuer's metadata
   * @return an unmodifiable map of unmodifiable, non-empty lists
   */
  public Map<String, List<String>> map(VerifiedAssertion assertion, ScopePolicy scopes) {
    MappingContext context = new MappingContext(assertion.issuer(), spEntityId, scopes);
    @SuppressWarnings("unchecked")
    List<String>[] slots = (List<String>[]) new List<?>[map.idCount()];
    NameIdValue subject = assertion.subject();
    if (subject != null) {
      String format = subject.format() == null ? NAMEID_UNSPECIFIED : subject.format();
      RawValue value = new RawValue(subject.value(), subject, null);
      if (!apply(map.rulesFor(format), null, value, context, slots)) {
        LOG.debug("NameID of format {} from {} is not mapped", format, assertion.issuer());
      }
    }
    for (RawAttribute attribute : assertion.attributes()) {
      if (!apply(attribute, context, slots)) {
        LOG.debug(
            "dropped unmapped attribute {} (format {}) from {}",
            attribute.name(),
            attribute.nameFormat(),
            assertion.issuer());
      }
    }
    return collect(slots);
  }

  private boolean apply(RawAttribute attribute, MappingContext context, List<String>[] slots) {
    List<MapRule> rules = map.rulesFor(attribute.name());
    boolean matched = false;
    for (RawValue value : attribute.values()) {
      matched |= apply(rules, attribute.nameFormat(), value, context, slots);
    }
    // An attribute without values still counts as mapped when an entry takes it.
    if (attribute.values().isEmpty()) {
      for (MapRule rule : rules) {
        matched |= rule.acceptsFormat(attribute.nameFormat());
      }
    }
    return matched;
  }

  /** Decodes {@code value} by every rule that takes {@code format}; whether any did. */
  private static boolean apply(
      List<MapRule> rules,
      @Nullable String format,
      RawValue value,
      MappingContext context,
      List<String>[] slots) {
    boolean matched = false;
    for (MapRule rule : rules) {
      if (!rule.acceptsFormat(format)) {
        continue;
      }
      matched = true;
      String decoded = rule.decoder().decode(value, rule.ids().get(0), context);
      if (decoded == null || decoded.isEmpty()) {
        continue;
      }
      for (int i = 0; i < rule.ids().size(); i++) {
        int slot = rule.slot(i);
        if (slots[slot] == null) {
          slots[slot] = new ArrayList<>(2);
        }
        slots[slot].add(decoded);
      }
    }
    return matched;
  }

  private Map<String, List<String>> collect(List<String>[] slots) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int slot = 0; slot < slots.length; slot++) {
      if (slots[slot] != null) {
        out.put(map.idAt(slot), List.copyOf(slots[slot]));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "AttributeMapper(" + spEntityId + ", " + map.idCount() + " ids)";
  }
}
