package org.spgate.core.session.persist;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.spgate.core.session.HeldSession;
import org.spgate.core.session.SessionCodec;

/**
 * What the session file holds, before sealing: when it was written, the live sessions (id, idle
 * deadline, then {@link SessionCodec}'s record, the same bytes Redis holds) and the consumed
 * assertions (key, kept until). Times are epoch milliseconds, counts and lengths 32-bit; the whole
 * input must be read, nothing more or less. No Java serialisation.
 *
 * @param writtenAt when the file was written
 * @param sessions the live sessions with their idle deadlines
 * @param consumedAssertions the replay cache: issuer, line feed, assertion ID → kept until
 */
public record SessionFileContent(
    Instant writtenAt, List<HeldSession> sessions, Map<String, Instant> consumedAssertions) {

  /** More entries than this in one file are taken for corruption, not a real store. */
  private static final int MAX_ENTRIES = 100_000_000;

  /** The plaintext bytes. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sessions.size() * 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(writtenAt.toEpochMilli());
      out.writeInt(sessions.size());
      for (HeldSession held : sessions) {
        bytes(out, held.session().id().getBytes(StandardCharsets.UTF_8));
        out.writeLong(held.idleEnd().toEpochMilli());
        bytes(out, SessionCodec.encode(held.session()));
      }
      out.writeInt(consumedAssertions.size());
      for (Map.Entry<String, Instant> entry : consumedAssertions.entrySet()) {
        bytes(out, entry.getKey().getBytes(StandardCharsets.UTF_8));
        out.writeLong(entry.getValue().toEpochMilli());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The content of {@code plaintext}, all of it or nothing.
   *
   * @throws SessionFileException if the bytes are not a complete, well-formed content
   */
  public static SessionFileContent decode(byte[] plaintext) throws SessionFileException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
      Instant writtenAt = Instant.ofEpochMilli(in.readLong());
      int sessionCount = count(in);
      List<HeldSession> sessions = new ArrayList<>(Math.min(sessionCount, 1 << 16));
      for (int i = 0; i < sessionCount; i++) {
        String id = new String(bytes(in), StandardCharsets.UTF_8);
        Instant idleEnd = Instant.ofEpochMilli(in.readLong());
        sessions.add(new HeldSession(SessionCodec.decode(id, bytes(in)), idleEnd));
      }
      int replayCount = count(in);
      Map<String, Instant> consumed = new HashMap<>(Math.min(replayCount, 1 << 16) * 2);
      for (int i = 0; i < replayCount; i++) {
        String key = new String(bytes(in), StandardCharsets.UTF_8);
        consumed.put(key, Instant.ofEpochMilli(in.readLong()));
      }
      if (in.available() > 0) {
        throw new SessionFileException(in.available() + " bytes after the last entry");
      }
      return new SessionFileContent(writtenAt, sessions, consumed);
    } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new SessionFileException("malformed content: " + e.getMessage(), e);
    }
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_ENTRIES) {
      throw new IOException("implausible entry count " + count);
    }
    return count;
  }

  private static void bytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("field longer than the content");
    }
    return in.readNBytes(length);
  }
}
