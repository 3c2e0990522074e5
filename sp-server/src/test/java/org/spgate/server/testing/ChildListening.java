package org.spgate.server.testing;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Waiting for a child process the test started (nginx, HAProxy) to accept connections. */
final class ChildListening {

  private ChildListening() {}

  /** The child's log, for the failure message. */
  @FunctionalInterface
  interface Log {
    String read() throws IOException;
  }

  /**
   * Returns once {@code port} on loopback accepts a connection; fails with {@code name}'s log when
   * the process exits first or is not listening within 10 seconds.
   */
  static void await(Process process, int port, String name, Log log)
      throws IOException, InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited: " + log.read());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(name + " is not listening: " + log.read());
  }
}
