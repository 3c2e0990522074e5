package org.spgate.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code maxHeaderSize}, {@code maxTotalSize} and {@code onOverflow} into a {@link
 * HeaderBudget}: in the {@code headers} section (the defaults) and in a route's {@code headers}
 * block, whose missing keys are taken from the defaults.
 */
final class HeaderBudgets {

  static final long DEFAULT_MAX_TOTAL_SIZE = 256 * Sizes.KIB;

  /** The defaults when the {@code headers} section sets none of the three keys. */
  static final HeaderBudget DEFAULT = HeaderBudget.refusingOver((int) DEFAULT_MAX_TOTAL_SIZE);

  private static final ValueType<Long> SIZE = Sizes.type(Sizes.KIB, 16 * Sizes.MIB);
  private static final ValueType<HeaderOverflow> POLICY = ValueType.oneOf(policies());

  private HeaderBudgets() {}

  /**
   * The budget of {@code block}, keys it lacks taken from {@code inherited}. A per-header limit is
   * inherited only when it was a limit of its own (below the inherited total): otherwise one header
   * may take the block's whole total.
   */
  static HeaderBudget read(YamlMapping block, HeaderBudget inherited) {
    Long header = block.optional("maxHeaderSize", SIZE);
    Long total = block.optional("maxTotalSize", SIZE);
    HeaderOverflow policy = block.get("onOverflow", POLICY, inherited.onOverflow());
    int maxTotal = total == null ? inherited.maxTotalBytes() : total.intValue();
    boolean ownHeaderLimit = inherited.maxHeaderBytes() < inherited.maxTotalBytes();
    int maxHeader =
        header != null
            ? header.intValue()
            : ownHeaderLimit ? Math.min(inherited.maxHeaderBytes(), maxTotal) : maxTotal;
    if (header != null && header > maxTotal) {
      block.problem(
          "maxHeaderSize",
          "expected at most maxTotalSize ("
              + Sizes.format(maxTotal)
              + "): one header cannot be larger than all of them, got "
              + Sizes.format(header));
      maxHeader = maxTotal;
    }
    return new HeaderBudget(maxHeader, maxTotal, policy);
  }

  private static Map<String, HeaderOverflow> policies() {
    Map<String, HeaderOverflow> values = new LinkedHashMap<>();
    values.put("refuse", HeaderOverflow.REFUSE);
    values.put("drop", HeaderOverflow.DROP);
    values.put("truncate", HeaderOverflow.TRUNCATE);
    return values;
  }
}
