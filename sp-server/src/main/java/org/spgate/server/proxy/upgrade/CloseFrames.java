package org.spgate.server.proxy.upgrade;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * The close frames spgate sends when it stops (RFC 6455 5.5.1) with status 1001, "going away"
 * (7.4.1): unmasked to the client, masked to the backend, since frames from a client must be masked
 * (5.3) and spgate is the backend's client.
 */
final class CloseFrames {

  private static final int GOING_AWAY = 1001;
  private static final SecureRandom MASKS = new SecureRandom();

  private CloseFrames() {}

  /** A close frame to the client: FIN + close opcode, length 2, the status. */
  static ByteBuffer toClient() {
    return ByteBuffer.wrap(
        new byte[] {(byte) 0x88, 2, (byte) (GOING_AWAY >> 8), (byte) (GOING_AWAY & 0xff)});
  }

  /** A close frame to the backend, its payload masked with a fresh key. */
  static ByteBuffer toBackend() {
    byte[] mask = new byte[4];
    MASKS.nextBytes(mask);
    return ByteBuffer.wrap(
        new byte[] {
          (byte) 0x88,
          (byte) 0x82,
          mask[0],
          mask[1],
          mask[2],
          mask[3],
          (byte) ((GOING_AWAY >> 8) ^ mask[0]),
          (byte) ((GOING_AWAY & 0xff) ^ mask[1])
        });
  }
}
