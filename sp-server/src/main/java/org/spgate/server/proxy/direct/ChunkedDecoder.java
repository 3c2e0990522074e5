package org.spgate.server.proxy.direct;

import java.nio.ByteBuffer;

/**
 * An incremental, strict decoder of a chunked response body (RFC 9112 section 7.1): it steps over
 * the framing bytes and leaves the chunk data for the caller to copy. Chunk extensions are skipped,
 * trailer fields are read and dropped; a size that is not hex, longer than 15 digits, a bare CR or
 * LF, or a chunk not followed by CRLF is refused.
 */
public final class ChunkedDecoder {

  private enum State {
    SIZE,
    EXT,
    SIZE_LF,
    DATA,
    DATA_CR,
    DATA_LF,
    TRAILER_START,
    TRAILER,
    TRAILER_LF,
    LAST_LF,
    DONE
  }

  private State state = State.SIZE;
  private long left;
  private int digits;

  /** Whether the last chunk and the trailer section were read. */
  public boolean done() {
    return state == State.DONE;
  }

  /** Data bytes of the current chunk that may be copied now, starting at the step position. */
  public long dataLeft() {
    return state == State.DATA ? left : 0;
  }

  /** {@code n} data bytes of the current chunk were copied. */
  public void consumed(long n) {
    left -= n;
    if (left == 0) {
      state = State.DATA_CR;
    }
  }

  /**
   * Steps over framing bytes in {@code buf[pos, lim)} until chunk data, the end or {@code lim};
   * returns the new position.
   */
  public int step(ByteBuffer buf, int pos, int lim) throws ResponseHead.Malformed {
    int p = pos;
    while (p < lim && state != State.DATA && state != State.DONE) {
      byte b = buf.get(p++);
      switch (state) {
        case SIZE -> size(b);
        case EXT -> {
          if (b == '\r') {
            state = State.SIZE_LF;
          } else if (b == '\n' || (b < 0x20 && b != '\t') || b == 0x7f) {
            throw new ResponseHead.Malformed("bad chunk extension");
          }
        }
        case SIZE_LF -> {
          expect(b, '\n');
          state = left > 0 ? State.DATA : State.TRAILER_START;
        }
        case DATA_CR -> {
          expect(b, '\r');
          state = State.DATA_LF;
        }
        case DATA_LF -> {
          expect(b, '\n');
          state = State.SIZE;
          digits = 0;
          left = 0;
        }
        case TRAILER_START -> state = b == '\r' ? State.LAST_LF : trailerByte(b);
        case TRAILER -> state = b == '\r' ? State.TRAILER_LF : trailerByte(b);
        case TRAILER_LF -> {
          expect(b, '\n');
          state = State.TRAILER_START;
        }
        case LAST_LF -> {
          expect(b, '\n');
          state = State.DONE;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return p;
  }

  private void size(byte b) throws ResponseHead.Malformed {
    int d = Character.digit(b, 16);
    if (d >= 0 && b < 0x80) {
      if (++digits > 15) {
        throw new ResponseHead.Malformed("chunk size too long");
      }
      left = left * 16 + d;
    } else if (digits > 0 && b == '\r') {
      state = State.SIZE_LF;
    } else if (digits > 0 && b == ';') {
      state = State.EXT;
    } else {
      throw new ResponseHead.Malformed("bad chunk size");
    }
  }

  private static State trailerByte(byte b) throws ResponseHead.Malformed {
    if (b == '\n' || (b < 0x20 && b != '\t') || b == 0x7f) {
      throw new ResponseHead.Malformed("bad trailer field");
    }
    return State.TRAILER;
  }

  private static void expect(byte b, char c) throws ResponseHead.Malformed {
    if (b != c) {
      throw new ResponseHead.Malformed("bad chunk framing");
    }
  }
}
