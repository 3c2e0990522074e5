package org.spgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client on a raw socket: writes a request byte for byte and keeps every byte the server sends
 * until it closes the connection (or a timeout), so a test can assert exactly what one client got.
 */
public final class RawClient {

  private RawClient() {}

  /** Everything one client received, and whether it stopped for the timeout. */
  public record Received(String bytes, boolean timedOut, long millis) {

    /** How many responses (status lines) the bytes hold. */
    public int responses() {
      Matcher m = Pattern.compile("(?m)(^|\\n)HTTP/1\\.[01] \\d{3}").matcher(bytes);
      int n = 0;
      while (m.find()) {
        n++;
      }
      return n;
    }

    /** The status of the first response, -1 if there is none. */
    public int status() {
      if (!bytes.startsWith("HTTP/1.")) {
        return -1;
      }
      return Integer.parseInt(bytes.substring(9, 12));
    }

    /** The header block of the first response. */
    public String head() {
      int end = bytes.indexOf("\r\n\r\n");
      return end < 0 ? bytes : bytes.substring(0, end);
    }

    /**
     * The body of the first response decoded (Content-Length, chunked, or until close), or null if
     * the response is incomplete.
     */
    public String body() {
      int end = bytes.indexOf("\r\n\r\n");
      if (end < 0) {
        return null;
      }
      String head = head();
      String rest = bytes.substring(end + 4);
      Matcher cl = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
      if (head.startsWith("HTTP/1.1 304") || head.startsWith("HTTP/1.1 204")) {
        return rest;
      }
      if (Pattern.compile("(?im)^transfer-encoding:\\s*chunked").matcher(head).find()) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        while (true) {
          int eol = rest.indexOf("\r\n", p);
          if (eol < 0) {
            return null;
          }
          int size = Integer.parseInt(rest.substring(p, eol).split(";")[0].trim(), 16);
          if (size == 0) {
            return rest.startsWith("\r\n", eol + 2) ? out.toString() : null;
          }
          if (eol + 2 + size + 2 > rest.length()) {
            return null;
          }
          out.append(rest, eol + 2, eol + 2 + size);
          p = eol + 2 + size + 2;
        }
      }
      if (cl.find()) {
        int n = Integer.parseInt(cl.group(1));
        return rest.length() >= n ? rest.substring(0, n) : null;
      }
      return rest;
    }
  }

  /** Sends {@code request} to {@code port} on a new connection and reads until it closes. */
  public static Received exchange(int port, String request, int timeoutMs) throws IOException {
    long t0 = System.nanoTime();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(timeoutMs);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      boolean timedOut = false;
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        timedOut = true;
      } catch (IOException e) {
        // reset by the server: what arrived before is the answer
      }
      return new Received(
          got.toString(StandardCharsets.ISO_8859_1),
          timedOut,
          (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
