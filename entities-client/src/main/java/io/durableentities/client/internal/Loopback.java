package io.durableentities.client.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Tells whether a host name denotes the loopback interface, without resolving names. */
public final class Loopback {

  private Loopback() {}

  /**
   * Tells whether a host is {@code localhost} or a loopback IP literal ({@code 127.x.x.x}, {@code
   * ::1}). Other names are not resolved and count as remote.
   *
   * @param host the host, possibly an IPv6 literal in brackets
   * @return whether it is loopback
   */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    boolean ipv4 = h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = h.indexOf(':') >= 0 && h.matches("[0-9a-f:.%a-z]+");
    if (!ipv4 && !ipv6) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
