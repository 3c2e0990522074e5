package org.spgate.core.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;

/**
 * A session as bytes, for the shared store (Redis) and the session file ({@code sessions.persist}):
 * a version byte, then the fields in a fixed order, strings as length-prefixed UTF-8 (absent ones
 * as length -1), attributes as id and packed values. The id is not part of the record (Redis keys
 * by it). No Java serialisation: nothing in Redis or in the file can make spgate instantiate a
 * class.
 */
public final class SessionCodec {

  private static final int VERSION = 1;

  private SessionCodec() {}

  /** The record of {@code s}, without its id. */
  public static byte[] encode(Session s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      string(out, s.idpEntityId());
      out.writeByte(s.protocol().ordinal());
      NameIdValue nameId = s.nameId();
      out.writeBoolean(nameId != null);
      if (nameId != null) {
        string(out, nameId.value());
        string(out, nameId.format());
        string(out, nameId.nameQualifier());
        string(out, nameId.spNameQualifier());
      }
      string(out, s.sessionIndex());
      string(out, s.authnInstant());
      string(out, s.authnMethod());
      string(out, s.authnContextClass());
      out.writeLong(s.createdEpochSecond());
      out.writeLong(s.expiresEpochSecond());
      out.writeInt(s.attributes().size());
      IOException[] failed = new IOException[1];
      s.attributes()
          .forEachPacked(
              (id, packed) -> {
                try {
                  string(out, id);
                  string(out, packed);
                } catch (IOException e) {
                  failed[0] = e;
                }
              });
      if (failed[0] != null) {
        throw failed[0];
      }
      string(out, s.clientAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The session {@code id} stored as {@code bytes}.
   *
   * @throws IllegalArgumentException if the bytes are not a session of this version
   */
  public static Session decode(String id, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown session format " + version);
      }
      String idp = required(in);
      Protocol protocol = Protocol.values()[in.readUnsignedByte()];
      NameIdValue nameId =
          in.readBoolean()
              ? new NameIdValue(required(in), string(in), string(in), string(in))
              : null;
      String sessionIndex = string(in);
      String authnInstant = string(in);
      String authnMethod = string(in);
      String authnContextClass = string(in);
      long created = in.readLong();
      long expires = in.readLong();
      int count = in.readInt();
      if (count < 0 || count > 10_000) {
        throw new IllegalArgumentException("implausible attribute count " + count);
      }
      Map<String, List<String>> attributes = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String attributeId = required(in).intern();
        attributes.put(
            attributeId,
            List.of(required(in).split(String.valueOf(SessionAttributes.SEPARATOR), -1)));
      }
      String clientAddress = string(in);
      return new Session(
          id,
          idp,
          protocol,
          nameId,
          sessionIndex,
          authnInstant,
          authnMethod,
          authnContextClass,
          created,
          expires,
          SessionAttributes.of(attributes),
          clientAddress);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed session record", e);
    }
  }

  private static void string(DataOutputStream out, @Nullable String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static @Nullable String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    if (length > in.available()) {
      throw new IOException("string longer than the record");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String required(DataInputStream in) throws IOException {
    String s = string(in);
    if (s == null) {
      throw new IOException("missing required field");
    }
    return s;
  }
}
