package org.spgate.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Network addresses in the configuration: the listen address and the trusted proxies.
 *
 * <p>IP literals are parsed without DNS (a literal is recognised by its syntax before {@link
 * InetAddress} sees it, because {@code InetAddress.getByName} would otherwise look a malformed
 * literal up as a host name). Only a listen <em>host name</em> is resolved, once, at start.
 */
final class Addresses {

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
              + "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern LISTEN =
      Pattern.compile("(\\[([^\\]]*)\\]|[^:\\[\\]]+):([0-9]{1,5})");

  /** {@code host:port} or {@code [ipv6]:port}; port 0 picks a free port (used by tests). */
  static final ValueType<InetSocketAddress> LISTEN_ADDRESS =
      new ValueType<>("host:port like 127.0.0.1:8080 or [::1]:8080", Addresses::listen);

  /** An IP address or a CIDR range such as {@code 10.0.0.0/8} or {@code fd00::/8}. */
  static final ValueType<String> IP_OR_CIDR =
      new ValueType<>("an IP address or CIDR range like 10.0.0.0/8", Addresses::ipOrCidr);

  private Addresses() {}

  private static InetSocketAddress listen(String text) {
    String expected = "expected host:port like 127.0.0.1:8080 or [::1]:8080, got ";
    Matcher m = LISTEN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(expected + ValueType.quote(text));
    }
    int port = Integer.parseInt(m.group(3));
    if (port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
    }
    String host = m.group(2) != null ? m.group(2) : m.group(1);
    InetAddress literal = m.group(2) != null ? ipv6(host) : ipv4(host);
    if (literal != null) {
      return new InetSocketAddress(literal, port);
    }
    if (m.group(2) != null || !HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException(expected + ValueType.quote(text));
    }
    InetSocketAddress resolved = new InetSocketAddress(host, port);
    if (resolved.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve host " + ValueType.quote(host));
    }
    return resolved;
  }

  private static String ipOrCidr(String text) {
    String expected = "expected an IP address or CIDR range like 10.0.0.0/8, got ";
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    InetAddress ip = address.contains(":") ? ipv6(address) : ipv4(address);
    if (ip == null) {
      throw new IllegalArgumentException(expected + ValueType.quote(text));
    }
    if (slash >= 0) {
      int maxPrefix = ip.getAddress().length * 8;
      String prefix = text.substring(slash + 1);
      if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > maxPrefix) {
        throw new IllegalArgumentException(
            "CIDR prefix length must be from 0 to " + maxPrefix + ", got " + ValueType.quote(text));
      }
    }
    return text;
  }

  private static @Nullable InetAddress ipv4(String text) {
    return IPV4.matcher(text).matches() ? literal(text) : null;
  }

  private static @Nullable InetAddress ipv6(String text) {
    return text.contains(":") && IPV6_CHARS.matcher(text).matches() ? literal(text) : null;
  }

  private static @Nullable InetAddress literal(String text) {
    try {
      return InetAddress.getByName(text); // a literal by construction: no DNS lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
