package org.spgate.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A browser scenario through spgate: a fresh Chromium per test, and the shutdown of the processes a
 * scenario class started for all its tests.
 */
abstract class BrowserScenario {

  /** The test's browser, started before and closed after each test. */
  Browser browser;

  @BeforeEach
  void startBrowser() {
    browser = Browser.start();
  }

  @AfterEach
  void stopBrowser() {
    browser.close();
  }

  /** Closes the started {@code processes} in order; {@code null}s were never started. */
  static void closeAll(AutoCloseable... processes) {
    for (AutoCloseable process : processes) {
      if (process != null) {
        try {
          process.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot stop " + process, e);
        }
      }
    }
  }
}
