package org.spgate.server.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A backend's response head (RFC 9112 section 4 and 5), parsed strictly from bytes: the status
 * line, the header fields and the framing of the body.
 *
 * <p>Implementation notes. A proxy that is lenient where the client is strict (or the other way
 * round) lets a backend split or smuggle responses, so anything a conforming sender never writes is
 * refused and becomes a 502: a status line other than {@code HTTP/1.0|1.1 SP 3DIGIT [SP reason]},
 * bare CR or LF, a header name that is not a token or is followed by white space before the colon,
 * obs-fold (a line starting with SP or HTAB), control characters other than HTAB in a value, a
 * Content-Length that is not digits or disagrees with another, Transfer-Encoding other than exactly
 * {@code chunked}, and Transfer-Encoding together with Content-Length (RFC 9112 6.1 lets a
 * recipient drop CL then; a proxy cannot know which framing the sender meant). It does not check
 * header semantics beyond framing.
 */
public final class ResponseHead {

  /** How the response body is delimited. */
  public enum Framing {
    /** No body: HEAD, 1xx, 204, 304. */
    NONE,
    LENGTH,
    CHUNKED,
    /** Until the backend closes the connection. */
    CLOSE
  }

  /** A response head the backend must not send; the detail is for the log. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String detail) {
      super(detail, null, false, false);
    }
  }

  public final int status;
  public final boolean http11;
  public final List<String> names;
  public final List<String> values;
  public final Framing framing;
  public final long length;
  public final boolean connectionClose;

  private ResponseHead(
      int status,
      boolean http11,
      List<String> names,
      List<String> values,
      Framing framing,
      long length,
      boolean connectionClose) {
    this.status = status;
    this.http11 = http11;
    this.names = names;
    this.values = values;
    this.framing = framing;
    this.length = length;
    this.connectionClose = connectionClose;
  }

  /** Whether the backend connection can carry another request after this response. */
  boolean reusable() {
    return http11 && !connectionClose && framing != Framing.CLOSE;
  }

  /**
   * The offset just past the head's terminating empty line in {@code buf[from, to)}, or -1 if it is
   * not complete yet.
   */
  public static int end(ByteBuffer buf, int from, int to) {
    for (int i = from + 3; i < to; i++) {
      if (buf.get(i) == '\n'
          && buf.get(i - 1) == '\r'
          && buf.get(i - 2) == '\n'
          && buf.get(i - 3) == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Parses the complete head {@code buf[from, end)}; {@code head} is true for a HEAD request. */
  public static ResponseHead parse(ByteBuffer buf, int from, int end, boolean head)
      throws Malformed {
    int lineEnd = lineEnd(buf, from, end);
    if (lineEnd - from < 12 || !startsWith(buf, from, "HTTP/1.")) {
      throw new Malformed("bad status line");
    }
    byte minor = buf.get(from + 7);
    if ((minor != '0' && minor != '1') || buf.get(from + 8) != ' ') {
      throw new Malformed("bad HTTP version");
    }
    int status = 0;
    for (int i = from + 9; i < from + 12; i++) {
      byte d = buf.get(i);
      if (d < '0' || d > '9') {
        throw new Malformed("bad status code");
      }
      status = status * 10 + (d - '0');
    }
    if (status < 100 || (lineEnd > from + 12 && buf.get(from + 12) != ' ')) {
      throw new Malformed("bad status code");
    }
    checkValue(buf, from + 12, lineEnd);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    int p = lineEnd + 2;
    while (p < end - 2) {
      int e = lineEnd(buf, p, end);
      String name = name(buf, p, e);
      int v = p + name.length() + 1;
      while (v < e && isOws(buf.get(v))) {
        v++;
      }
      int ve = e;
      while (ve > v && isOws(buf.get(ve - 1))) {
        ve--;
      }
      checkValue(buf, v, ve);
      String value = latin1(buf, v, ve);
      p = e + 2;
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-length")) {
        long l = contentLength(value);
        if (length >= 0 && l != length) {
          throw new Malformed("conflicting Content-Length");
        }
        length = l;
        continue;
      }
      if (lower.equals("transfer-encoding")) {
        if (chunked || !value.equalsIgnoreCase("chunked")) {
          throw new Malformed("unsupported Transfer-Encoding: " + value);
        }
        chunked = true;
        continue;
      }
      if (lower.equals("connection")) {
        close |= hasToken(value, "close");
      }
      names.add(name);
      values.add(value);
    }
    if (chunked && length >= 0) {
      throw new Malformed("both Transfer-Encoding and Content-Length");
    }
    boolean http11 = minor == '1';
    Framing framing;
    if (head || status < 200 || status == 204 || status == 304) {
      framing = Framing.NONE;
    } else if (chunked) {
      framing = Framing.CHUNKED;
    } else if (length >= 0) {
      framing = Framing.LENGTH;
    } else {
      framing = Framing.CLOSE;
    }
    return new ResponseHead(status, http11, names, values, framing, length, close || !http11);
  }

  private static int lineEnd(ByteBuffer buf, int from, int end) throws Malformed {
    for (int i = from; i < end; i++) {
      byte b = buf.get(i);
      if (b == '\r') {
        if (i + 1 >= end || buf.get(i + 1) != '\n') {
          throw new Malformed("bare CR");
        }
        return i;
      }
      if (b == '\n') {
        throw new Malformed("bare LF");
      }
    }
    throw new Malformed("unterminated line");
  }

  private static String name(ByteBuffer buf, int from, int lineEnd) throws Malformed {
    if (isOws(buf.get(from))) {
      throw new Malformed("obs-fold");
    }
    int i = from;
    while (i < lineEnd && isTchar(buf.get(i))) {
      i++;
    }
    if (i == from || i == lineEnd || buf.get(i) != ':') {
      throw new Malformed("bad header name");
    }
    return latin1(buf, from, i);
  }

  private static void checkValue(ByteBuffer buf, int from, int to) throws Malformed {
    for (int i = from; i < to; i++) {
      int b = buf.get(i) & 0xff;
      if ((b < 0x20 && b != '\t') || b == 0x7f) {
        throw new Malformed("control character in header value");
      }
    }
  }

  private static long contentLength(String value) throws Malformed {
    if (value.isEmpty() || value.length() > 18) {
      throw new Malformed("bad Content-Length");
    }
    long l = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new Malformed("bad Content-Length");
      }
      l = l * 10 + (c - '0');
    }
    return l;
  }

  static boolean hasToken(String value, String token) {
    for (String t : value.split(",")) {
      if (t.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 9110 5.6.2 tchar. */
  private static boolean isTchar(byte b) {
    return (b >= 'a' && b <= 'z')
        || (b >= 'A' && b <= 'Z')
        || (b >= '0' && b <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  private static boolean isOws(byte b) {
    return b == ' ' || b == '\t';
  }

  private static boolean startsWith(ByteBuffer buf, int from, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (buf.get(from + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String latin1(ByteBuffer buf, int from, int to) {
    byte[] b = new byte[to - from];
    buf.get(from, b);
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
