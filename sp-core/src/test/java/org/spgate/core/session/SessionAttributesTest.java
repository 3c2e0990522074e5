package org.spgate.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionAttributesTest {

  static Map<String, List<String>> mapped() {
    Map<String, List<String>> mapped = new LinkedHashMap<>();
    mapped.put("eppn", List.of("alice@example.org"));
    mapped.put("empty", List.of());
    mapped.put("entitlement", List.of("a;b", "", "c\\d", "a;b"));
    return mapped;
  }

  @Test
  void ofWhenValuesGivenThenKeepsOrderValuesAndDuplicatesAndDropsEmptyIds() {
    SessionAttributes attributes = SessionAttributes.of(mapped());

    assertThat(attributes.size()).isEqualTo(2);
    assertThat(attributes.asMap().keySet()).containsExactly("eppn", "entitlement");
    assertThat(attributes.get("entitlement")).containsExactly("a;b", "", "c\\d", "a;b");
    assertThat(attributes.get("eppn")).containsExactly("alice@example.org");
    assertThat(attributes.get("missing")).isEmpty();
  }

  @Test
  void forEachPackedWhenIteratedThenValuesAreSeparatedByNul() {
    List<String> packed = new ArrayList<>();
    SessionAttributes.of(mapped()).forEachPacked((id, values) -> packed.add(id + "=" + values));

    assertThat(packed).containsExactly("eppn=alice@example.org", "entitlement=a;b\0\0c\\d\0a;b");
  }

  @Test
  void ofWhenAValueContainsNulThenRefusedWhileOtherControlsAreKept() {
    assertThat(SessionAttributes.of(Map.of("x", List.of("a\nb"))).get("x")).containsExactly("a\nb");
    assertThatThrownBy(() -> SessionAttributes.of(Map.of("x", List.of("a\0b"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
