package org.spgate.server.proxy.upgrade;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One direction of a {@link Tunnel}: bytes read from one connection are written to the other
 * through one bounded buffer. While the writing side cannot take more, reading stops
 * (back-pressure: at most one buffer is held per direction); the reader's end of stream becomes a
 * shutdown of the writer's output (half-close), so the other direction keeps flowing.
 */
final class Pipe {

  /**
   * Reads per event before yielding the I/O thread to its other connections; readiness is
   * level-triggered, so what is left is announced again.
   */
  private static final int ROUNDS = 16;

  private final ConduitStreamSourceChannel from;
  private final ConduitStreamSinkChannel to;
  private final ByteBuffer buffer;
  private final Tunnel tunnel;
  private ByteBuffer pending;
  private boolean eof;
  private boolean shutdown;
  private boolean finished;

  /**
   * @param early bytes that arrived before the tunnel existed, written first (may be empty)
   */
  Pipe(
      ConduitStreamSourceChannel from,
      ConduitStreamSinkChannel to,
      ByteBuffer buffer,
      ByteBuffer early,
      Tunnel tunnel) {
    this.from = from;
    this.to = to;
    this.buffer = buffer;
    this.tunnel = tunnel;
    buffer.clear().limit(0);
    this.pending = early.hasRemaining() ? early : buffer;
    from.setReadListener(ch -> pump());
    to.setWriteListener(ch -> pump());
  }

  /** Moves bytes until neither side can make progress; called on every read or write event. */
  void pump() {
    if (finished || tunnel.isClosed()) {
      return;
    }
    try {
      boolean drained = false;
      for (int round = 0; round < ROUNDS; round++) {
        if (pending.hasRemaining()) {
          to.write(pending);
          if (pending.hasRemaining()) {
            waitForWriter();
            return;
          }
        }
        if (pending == buffer && drained) {
          break; // the last read left the socket empty: a further read would only say so
        }
        pending = buffer;
        if (eof) {
          shutDown();
          return;
        }
        buffer.clear();
        int n = from.read(buffer);
        buffer.flip();
        if (n == -1) {
          eof = true;
        } else if (n == 0) {
          break;
        }
        // A read that did not fill the buffer took all there was; readiness is level-triggered,
        // so bytes arriving later are announced again (saves a read per message that says 0).
        drained = n > 0 && n < buffer.capacity();
      }
      if (to.flush()) {
        to.suspendWrites();
        from.resumeReads();
      } else {
        waitForWriter();
      }
    } catch (IOException e) {
      tunnel.failed(e);
    }
  }

  private void waitForWriter() {
    from.suspendReads();
    to.resumeWrites();
  }

  private void shutDown() throws IOException {
    from.suspendReads();
    if (!shutdown) {
      shutdown = true;
      to.shutdownWrites();
    }
    if (!to.flush()) {
      to.resumeWrites();
      return;
    }
    to.suspendWrites();
    finished = true;
    tunnel.pipeFinished();
  }
}
