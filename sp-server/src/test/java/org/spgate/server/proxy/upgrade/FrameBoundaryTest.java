package org.spgate.server.proxy.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameBoundaryTest {

  private static ByteBuffer bytes(int... b) {
    ByteBuffer buffer = ByteBuffer.allocate(b.length);
    for (int x : b) {
      buffer.put((byte) x);
    }
    return buffer.flip();
  }

  @Test
  void smallFrameThenAtBoundaryAndPositionUnchanged() {
    FrameBoundary frames = new FrameBoundary();
    ByteBuffer data = bytes(0x81, 3, 'a', 'b', 'c');
    frames.follow(data);
    assertThat(frames.atBoundary()).isTrue();
    assertThat(data.position()).isZero();
  }

  @Test
  void frameSplitAcrossReadsInsideItsHeaderThenNotAtBoundaryUntilPayloadEnds() {
    FrameBoundary frames = new FrameBoundary();
    frames.follow(bytes(0x82, 126)); // 16-bit length follows
    assertThat(frames.atBoundary()).isFalse();
    frames.follow(bytes(0x01)); // half of the length
    assertThat(frames.atBoundary()).isFalse();
    frames.follow(bytes(0x00)); // length 256
    assertThat(frames.atBoundary()).isFalse();
    frames.follow(ByteBuffer.allocate(255));
    assertThat(frames.atBoundary()).isFalse();
    frames.follow(ByteBuffer.allocate(1));
    assertThat(frames.atBoundary()).isTrue();
  }

  @Test
  void maskedFrameWithSixtyFourBitLengthThenMaskAndLengthSkipped() {
    FrameBoundary frames = new FrameBoundary();
    frames.follow(bytes(0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0, 2, 9, 9, 9, 9, 'x'));
    assertThat(frames.atBoundary()).isFalse();
    frames.follow(bytes('y'));
    assertThat(frames.atBoundary()).isTrue();
  }

  @Test
  void toBoundaryThenCountsOnlyTheRestOfTheFrameInProgress() {
    FrameBoundary frames = new FrameBoundary();
    frames.follow(bytes(0x81, 4, 'a', 'b')); // two payload bytes to go
    ByteBuffer next = bytes('c', 'd', 0x81, 1, 'e');
    assertThat(frames.toBoundary(next)).isEqualTo(2);
    assertThat(frames.atBoundary()).isTrue();
    assertThat(frames.toBoundary(next)).isZero(); // already there
  }

  @Test
  void toBoundaryWhenTheFrameGoesOnThenMinusOne() {
    FrameBoundary frames = new FrameBoundary();
    frames.follow(bytes(0x81, 10, 'a'));
    assertThat(frames.toBoundary(bytes('b', 'c'))).isEqualTo(-1);
    assertThat(frames.atBoundary()).isFalse();
  }

  @Test
  void emptyControlFrameThenBoundaryRightAfterItsHeader() {
    FrameBoundary frames = new FrameBoundary();
    frames.follow(bytes(0x89, 0)); // ping without payload
    assertThat(frames.atBoundary()).isTrue();
  }
}
