package org.spgate.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Turns the raw request path into the one path routing decisions are made on, refusing every
 * spelling that a backend could read differently from spgate.
 *
 * <p>Refused (400, {@link Reason#AMBIGUOUS_PATH}): a path not starting with '/'; {@code ;} path
 * parameters ({@code ;jsessionid}); empty segments ({@code //}); {@code .} and {@code ..} segments,
 * raw or percent-encoded; encoded {@code /}, {@code \} or {@code %} (double encoding); a raw
 * backslash; control characters; segments ending in a dot or space (Windows servers drop them);
 * invalid percent escapes or UTF-8. The query and fragment never take part in routing. The raw path
 * is forwarded to the backend unchanged: once it passed here, it has one meaning.
 */
public final class RequestPaths {

  private RequestPaths() {}

  /** The decoded path for routing; {@code rawPath} excludes the query string. */
  public static String normalise(String rawPath) throws Rejection {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw ambiguous(rawPath, "does not start with '/'");
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == ';' || c == '\\' || c < 0x21 || c == 0x7f || c > 0x7e) {
        throw ambiguous(rawPath, "contains '" + printable(c) + "'");
      }
    }
    String decoded = decode(rawPath);
    checkSegments(rawPath, decoded);
    return decoded;
  }

  private static void checkSegments(String rawPath, String decoded) throws Rejection {
    int start = 1;
    while (start <= decoded.length()) {
      int end = decoded.indexOf('/', start);
      if (end < 0) {
        end = decoded.length();
      }
      String segment = decoded.substring(start, end);
      boolean last = end == decoded.length();
      if (segment.isEmpty() && !last) {
        throw ambiguous(rawPath, "has an empty segment (//)");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw ambiguous(rawPath, "has a dot segment");
      }
      if (!segment.isEmpty() && (segment.endsWith(".") || segment.endsWith(" "))) {
        throw ambiguous(rawPath, "has a segment ending in a dot or space");
      }
      start = end + 1;
    }
  }

  private static String decode(String rawPath) throws Rejection {
    if (rawPath.indexOf('%') < 0) {
      return rawPath;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c != '%') {
        bytes.write(c);
        continue;
      }
      if (i + 2 >= rawPath.length()) {
        throw ambiguous(rawPath, "has a truncated percent escape");
      }
      int value = hex(rawPath.charAt(i + 1)) << 4 | hex(rawPath.charAt(i + 2));
      if (value < 0) {
        throw ambiguous(rawPath, "has an invalid percent escape");
      }
      if (value == '/'
          || value == '\\'
          || value == '%'
          || value == ';'
          || value < 0x20
          || value == 0x7f) {
        throw ambiguous(rawPath, "encodes '" + printable((char) value) + "'");
      }
      bytes.write(value);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ambiguous(rawPath, "is not valid UTF-8 once decoded");
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -256;
  }

  private static String printable(char c) {
    return c < 0x21 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  private static Rejection ambiguous(String rawPath, String why) {
    String shown = rawPath.length() > 200 ? rawPath.substring(0, 200) + "..." : rawPath;
    return new Rejection(Reason.AMBIGUOUS_PATH, "path '" + shown + "' " + why);
  }
}
