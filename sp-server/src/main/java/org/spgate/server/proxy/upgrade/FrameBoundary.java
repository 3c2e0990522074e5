package org.spgate.server.proxy.upgrade;

import java.nio.ByteBuffer;

/**
 * Where one direction of a WebSocket connection stands in its frame sequence (RFC 6455 5.2), so
 * that a close frame can be put between two frames when the server stops, never inside one. Only
 * frame headers are looked at; payloads are skipped by length, so following a stream costs a few
 * operations per frame, not per byte. Control frames may come between the fragments of a message
 * (RFC 6455 5.4), so any frame boundary is a place for the close frame.
 */
final class FrameBoundary {

  private static final int MAX_HEADER = 14;

  private final byte[] header = new byte[MAX_HEADER];
  private int headerSeen;
  private int headerLength = 2;
  private long payloadLeft;

  /** Whether the bytes seen so far end exactly after a frame. */
  boolean atBoundary() {
    return headerSeen == 0 && payloadLeft == 0;
  }

  /** Follows all of {@code data}'s remaining bytes; its position is left as it was. */
  void follow(ByteBuffer data) {
    advance(data, false);
  }

  /**
   * Follows {@code data} up to the end of the frame in progress: how many of its remaining bytes
   * finish that frame (0 when already at a boundary), or -1 when the frame goes on past them (all
   * were followed). Its position is left as it was.
   */
  int toBoundary(ByteBuffer data) {
    return atBoundary() ? 0 : advance(data, true);
  }

  private int advance(ByteBuffer data, boolean stopAtBoundary) {
    int start = data.position();
    int end = data.limit();
    int i = start;
    while (i < end) {
      if (payloadLeft > 0) {
        int take = (int) Math.min(payloadLeft, end - i);
        payloadLeft -= take;
        i += take;
      } else {
        readHeaderByte(data.get(i++));
      }
      if (stopAtBoundary && atBoundary()) {
        return i - start;
      }
    }
    return stopAtBoundary ? -1 : i - start;
  }

  private void readHeaderByte(byte b) {
    header[headerSeen++] = b;
    if (headerSeen == 2) {
      int length7 = header[1] & 0x7f;
      boolean masked = (header[1] & 0x80) != 0;
      headerLength = 2 + (masked ? 4 : 0) + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0);
    }
    if (headerSeen >= 2 && headerSeen == headerLength) {
      payloadLeft = payloadLength();
      headerSeen = 0;
    }
  }

  private long payloadLength() {
    int length7 = header[1] & 0x7f;
    if (length7 < 126) {
      return length7;
    }
    int bytes = length7 == 126 ? 2 : 8;
    long n = 0;
    for (int i = 0; i < bytes; i++) {
      n = (n << 8) | (header[2 + i] & 0xff);
    }
    // A length with the top bit set is invalid; the frame then never ends and the close is sent
    // only when the connection is cut at shutdown.timeout.
    return n < 0 ? Long.MAX_VALUE : n;
  }
}
