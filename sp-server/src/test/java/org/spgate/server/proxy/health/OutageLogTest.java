package org.spgate.server.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.spgate.server.testing.LogLines;

/** One line per backend per interval, whatever the number of failures; on a test clock. */
class OutageLogTest {

  private static final long S = 1_000_000_000L;
  private static final String LOGGER = "spgate.test.outage";

  @Test
  void thousandFailuresInOneIntervalThenFirstLineAndOneSummary() {
    try (LogLines lines = LogLines.of(LOGGER)) {
      OutageLog log = new OutageLog("http://b", 10 * S, LoggerFactory.getLogger(LOGGER), "SPG-50");

      assertThat(log.failed("id0", "GET /", "refused", 0)).isTrue();
      for (int i = 1; i < 1000; i++) {
        assertThat(log.failed("id" + i, "GET /", "refused " + i, i)).isFalse();
      }
      assertThat(lines.count()).isEqualTo(1);
      assertThat(lines.lines().get(0)).contains("[id0]", "GET /", "refused");

      assertThat(log.tick(10 * S)).isTrue();
      assertThat(lines.count()).isEqualTo(2);
      assertThat(lines.lines().get(1)).contains("999 more failure(s)", "refused 1 [id1]");
      assertThat(log.failures()).isEqualTo(1000);
      assertThat(log.lines()).isEqualTo(2);
    }
  }

  @Test
  void quietIntervalThenWindowClosesAndNextFailureIsLoggedAtOnce() {
    try (LogLines lines = LogLines.of(LOGGER)) {
      OutageLog log = new OutageLog("http://b", 10 * S, LoggerFactory.getLogger(LOGGER), "SPG-50");
      log.failed("a", "GET /", "refused", 0);

      assertThat(log.tick(10 * S)).isFalse(); // nothing more happened: closed, no summary
      assertThat(lines.count()).isEqualTo(1);
      assertThat(log.failed("b", "GET /", "refused", 11 * S)).isTrue();
      assertThat(lines.count()).isEqualTo(2);
    }
  }

  @Test
  void refusalsWhileDownThenCountedInTheSummaryOnly() {
    try (LogLines lines = LogLines.of(LOGGER)) {
      OutageLog log = new OutageLog("http://b", 10 * S, LoggerFactory.getLogger(LOGGER), "SPG-50");

      assertThat(log.refused(0)).isTrue();
      for (int i = 0; i < 499; i++) {
        log.refused(i);
      }
      assertThat(lines.count()).isZero();
      log.flush(3 * S);
      assertThat(lines.lines()).singleElement().asString().contains("500 request(s) refused");
      assertThat(log.refusals()).isEqualTo(500);
    }
  }

  @Test
  void tickBeforeTheIntervalThenNothingWritten() {
    try (LogLines lines = LogLines.of(LOGGER)) {
      OutageLog log = new OutageLog("http://b", 10 * S, LoggerFactory.getLogger(LOGGER), "SPG-50");
      log.failed("a", "GET /", "refused", 0);
      log.failed("b", "GET /", "refused", 1);

      assertThat(log.tick(5 * S)).isTrue();
      assertThat(lines.count()).isEqualTo(1);
    }
  }
}
