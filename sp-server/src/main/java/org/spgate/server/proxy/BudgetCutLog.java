package org.spgate.server.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.session.Session;

/**
 * Logs what a route's {@code drop} or {@code truncate} policy left out, once per session, route and
 * attribute: a session's identity does not change, so every later request would repeat the line.
 * The memory of what was logged is bounded; a session forgotten under pressure is logged again.
 */
public final class BudgetCutLog {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.headers");

  private final Cache<String, Boolean> logged =
      Caffeine.newBuilder().maximumSize(50_000).executor(Runnable::run).build();

  /** Logs the cuts of {@code cuts} not yet logged for this session and route. */
  public void noteOnce(String correlationId, String route, Session session, BudgetCuts cuts) {
    if (cuts.isEmpty()) {
      return;
    }
    String publicId = session.publicId();
    for (BudgetCuts.Cut cut : cuts.cuts()) {
      String key = publicId + ' ' + route + ' ' + cut.attribute();
      if (logged.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
        LOG.warn(
            "{} [{}] route {}: attribute {} ({} bytes) over {}: {} for session {}",
            cut.limit().code(),
            correlationId,
            route,
            cut.attribute(),
            cut.bytes(),
            cut.limit() == org.spgate.core.check.Reason.IDENTITY_HEADER_TOO_LARGE
                ? "maxHeaderSize"
                : "maxTotalSize",
            cut.truncated() ? "truncated to its first values" : "dropped",
            publicId);
      }
    }
  }
}
