package org.spgate.core.session;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A session's mapped attributes: ids in attribute-map order, each with its values. Stored as two
 * parallel arrays rather than a map of lists, which keeps a session with ten attributes well under
 * a kilobyte; the id strings are shared with the attribute map.
 */
public final class SessionAttributes implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final SessionAttributes EMPTY =
      new SessionAttributes(new String[0], new String[0][]);

  private final String[] ids;
  private final String[][] values;

  private SessionAttributes(String[] ids, String[][] values) {
    this.ids = ids;
    this.values = values;
  }

  /** No attributes. */
  public static SessionAttributes empty() {
    return EMPTY;
  }

  /** Copies {@code mapped} (id → values, in order); ids without values are left out. */
  public static SessionAttributes of(Map<String, List<String>> mapped) {
    int count = 0;
    for (List<String> v : mapped.values()) {
      count += v.isEmpty() ? 0 : 1;
    }
    String[] ids = new String[count];
    String[][] values = new String[count][];
    int i = 0;
    for (Map.Entry<String, List<String>> entry : mapped.entrySet()) {
      if (!entry.getValue().isEmpty()) {
        ids[i] = entry.getKey();
        values[i] = entry.getValue().toArray(new String[0]);
        i++;
      }
    }
    return new SessionAttributes(ids, values);
  }

  /** The values of {@code id}, or an empty list. */
  public List<String> get(String id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return List.of(values[i]);
      }
    }
    return List.of();
  }

  /** Calls {@code consumer} with each id and its values, in order; no copies are made. */
  public void forEach(BiConsumer<String, String[]> consumer) {
    for (int i = 0; i < ids.length; i++) {
      consumer.accept(ids[i], values[i]);
    }
  }

  /** The number of ids with values. */
  public int size() {
    return ids.length;
  }

  /** An ordered copy as a map, for display. */
  public Map<String, List<String>> asMap() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    forEach((id, v) -> map.put(id, List.of(v)));
    return map;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionAttributes that
        && Arrays.equals(ids, that.ids)
        && Arrays.deepEquals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids) * 31 + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
