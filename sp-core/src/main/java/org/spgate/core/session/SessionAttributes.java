package org.spgate.core.session;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A session's mapped attributes: ids in attribute-map order, each with its values.
 *
 * <p>Stored compactly, because a million sessions are held in memory: the id strings are the
 * attribute map's own instances, and all values of one id are packed into one string, separated by
 * U+0000 — a character XML 1.0 cannot carry, so no value can contain it. Ten attributes then cost
 * ten strings instead of ten arrays of strings.
 */
public final class SessionAttributes implements Serializable {

  /** Separates the values of one id inside its packed string. */
  public static final char SEPARATOR = '\0';

  private static final long serialVersionUID = 2L;
  private static final SessionAttributes EMPTY =
      new SessionAttributes(new String[0], new String[0]);

  private final String[] ids;
  private final String[] packed;

  private SessionAttributes(String[] ids, String[] packed) {
    this.ids = ids;
    this.packed = packed;
  }

  /** No attributes. */
  public static SessionAttributes empty() {
    return EMPTY;
  }

  /**
   * Copies {@code mapped} (id → values, in order); ids without values are left out.
   *
   * @throws IllegalArgumentException if a value contains U+0000 (impossible for XML values)
   */
  public static SessionAttributes of(Map<String, List<String>> mapped) {
    List<String> ids = new ArrayList<>(mapped.size());
    List<String> packed = new ArrayList<>(mapped.size());
    for (Map.Entry<String, List<String>> entry : mapped.entrySet()) {
      List<String> values = entry.getValue();
      if (values.isEmpty()) {
        continue;
      }
      for (String value : values) {
        if (value.indexOf(SEPARATOR) >= 0) {
          throw new IllegalArgumentException("attribute value contains U+0000");
        }
      }
      ids.add(entry.getKey());
      packed.add(values.size() == 1 ? values.get(0) : String.join("\0", values));
    }
    return new SessionAttributes(ids.toArray(new String[0]), packed.toArray(new String[0]));
  }

  /** The values of {@code id}, or an empty list. */
  public List<String> get(String id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return unpack(packed[i]);
      }
    }
    return List.of();
  }

  /** Calls {@code consumer} with each id and its values packed with {@link #SEPARATOR}. */
  public void forEachPacked(BiConsumer<String, String> consumer) {
    for (int i = 0; i < ids.length; i++) {
      consumer.accept(ids[i], packed[i]);
    }
  }

  /** The number of ids with values. */
  public int size() {
    return ids.length;
  }

  /** An ordered copy as a map, for display. */
  public Map<String, List<String>> asMap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      map.put(ids[i], unpack(packed[i]));
    }
    return map;
  }

  private static List<String> unpack(String packed) {
    if (packed.indexOf(SEPARATOR) < 0) {
      return List.of(packed);
    }
    return List.of(packed.split("\0", -1));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionAttributes that
        && Arrays.equals(ids, that.ids)
        && Arrays.equals(packed, that.packed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Arrays.hashCode(packed);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
