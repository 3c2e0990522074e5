package org.spgate.server.proxy.upgrade;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One direction of a {@link Tunnel}: bytes read from one connection are written to the other
 * through one bounded buffer. While the writing side cannot take more, reading stops
 * (back-pressure: at most one buffer is held per direction); the reader's end of stream becomes a
 * shutdown of the writer's output (half-close), so the other direction keeps flowing.
 *
 * <p>A WebSocket pipe follows the frame boundaries of what it relays ({@link FrameBoundary}), so
 * that when the server stops it can end its direction with a close frame ({@link #goAway}): the
 * frame in progress is finished, the close frame written and the output shut down; what the reader
 * sends after that (its own close frame) is read and dropped until it closes.
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
  private final @Nullable FrameBoundary frames;
  private @Nullable ByteBuffer farewell;
  private ByteBuffer pending;
  private boolean eof;
  private boolean shutdown;
  private boolean finished;

  /**
   * @param early bytes that arrived before the tunnel existed, written first (may be empty)
   * @param frames the frame boundaries to follow (a WebSocket), or null for opaque bytes
   */
  Pipe(
      ConduitStreamSourceChannel from,
      ConduitStreamSinkChannel to,
      ByteBuffer buffer,
      ByteBuffer early,
      Tunnel tunnel,
      @Nullable FrameBoundary frames) {
    this.from = from;
    this.to = to;
    this.buffer = buffer;
    this.tunnel = tunnel;
    this.frames = frames;
    buffer.clear().limit(0);
    this.pending = early.hasRemaining() ? early : buffer;
    if (frames != null) {
      frames.follow(early);
    }
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
        if (farewell != null && pending == farewell) {
          afterFarewell();
          return;
        }
        if (farewell != null && !eof && atBoundary()) {
          pending = farewell; // everything read is written and ends a frame
          continue;
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
        } else {
          followFrames();
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

  /**
   * Ends this direction with {@code closeFrame} after the frame in progress; runs on the tunnel's
   * I/O thread. Only for a pipe that follows frames, and only once.
   */
  void goAway(ByteBuffer closeFrame) {
    if (frames == null || farewell != null || shutdown || finished) {
      return;
    }
    farewell = closeFrame;
    pump();
  }

  private boolean atBoundary() {
    return frames != null && frames.atBoundary();
  }

  /** Notes the frames just read; while going away, keeps only the rest of the frame in progress. */
  private void followFrames() {
    if (frames == null) {
      return;
    }
    if (farewell == null) {
      frames.follow(buffer);
      return;
    }
    int rest = frames.toBoundary(buffer);
    if (rest >= 0) {
      buffer.limit(buffer.position() + rest);
    }
  }

  /**
   * The close frame is written: shut the output down and drop what the reader still sends until it
   * closes; then this direction is finished.
   */
  private void afterFarewell() throws IOException {
    if (!shutdown) {
      shutdown = true;
      to.shutdownWrites();
    }
    boolean flushed = to.flush();
    if (flushed) {
      to.suspendWrites();
    } else {
      to.resumeWrites();
    }
    for (int round = 0; round < ROUNDS && !eof; round++) {
      buffer.clear();
      int n = from.read(buffer);
      if (n == -1) {
        eof = true;
      } else if (n == 0) {
        from.resumeReads();
        return;
      }
    }
    if (!eof) {
      from.resumeReads(); // more to drop; level-triggered readiness calls again
      return;
    }
    from.suspendReads();
    if (flushed) {
      finished = true;
      tunnel.pipeFinished();
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
