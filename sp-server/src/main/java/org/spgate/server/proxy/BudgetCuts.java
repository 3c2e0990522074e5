package org.spgate.server.proxy;

import java.util.ArrayList;
import java.util.List;
import org.spgate.core.check.Reason;

/**
 * What a route's {@code drop} or {@code truncate} policy left out of one request's identity
 * headers: each attribute dropped or cut, the limit it broke and its full header size. Empty (and
 * not allocated) when everything fitted, the common case.
 */
public final class BudgetCuts {

  /** Nothing left out. */
  static final BudgetCuts NONE = new BudgetCuts(List.of());

  /**
   * One attribute left out in part or whole.
   *
   * @param attribute the attribute id
   * @param limit the limit its header broke
   * @param bytes the size of its whole header
   * @param truncated whether its first values were still sent
   */
  public record Cut(String attribute, Reason limit, int bytes, boolean truncated) {}

  private final List<Cut> cuts;

  private BudgetCuts(List<Cut> cuts) {
    this.cuts = cuts;
  }

  /** Adds {@code cut} to {@code cuts}, which may be {@link #NONE}. */
  static BudgetCuts with(BudgetCuts cuts, Cut cut) {
    List<Cut> all = new ArrayList<>(cuts.cuts);
    all.add(cut);
    return new BudgetCuts(List.copyOf(all));
  }

  /** Whether every attribute was sent whole. */
  public boolean isEmpty() {
    return cuts.isEmpty();
  }

  /** The attributes left out, in the order of the session's attributes. */
  public List<Cut> cuts() {
    return cuts;
  }

  /** The ids of the attributes dropped ({@code truncated} false) or truncated, joined by ", ". */
  String ids(boolean truncated) {
    StringBuilder ids = new StringBuilder();
    for (Cut cut : cuts) {
      if (cut.truncated() == truncated) {
        ids.append(ids.length() == 0 ? "" : ", ").append(cut.attribute());
      }
    }
    return ids.toString();
  }
}
