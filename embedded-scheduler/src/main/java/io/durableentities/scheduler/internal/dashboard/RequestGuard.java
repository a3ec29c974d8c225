package io.durableentities.scheduler.internal.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;

/**
 * Who may read and act through the dashboard.
 *
 * <ul>
 *   <li>Every request needs a {@code Host} that names a loopback address with the dashboard's port,
 *       so a page served by another name that resolves to this machine (DNS rebinding) gets
 *       nothing.
 *   <li>Actions also need {@code POST}, a JSON body, an {@code Origin} (when the browser sends one)
 *       equal to the dashboard's own origin, and the per-process token in {@value #TOKEN_HEADER},
 *       which only a page of the dashboard's own origin can read ({@code GET /api/session}): no
 *       other web page can act on the scheduler.
 * </ul>
 */
final class RequestGuard {

  static final String TOKEN_HEADER = "X-Dashboard-Token";

  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  private final int port;
  private final String token;

  RequestGuard(int port) {
    this.port = port;
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The per-process token actions must carry. */
  String token() {
    return token;
  }

  /**
   * Checks the {@code Host} of any request.
   *
   * @throws ApiError 403 when it is not a loopback name with the dashboard's port
   */
  void checkHost(HttpFields headers) {
    String host = headers.get("Host");
    if (host == null || !isOwnAuthority(host)) {
      throw ApiError.forbidden(
          "The dashboard answers only requests addressed to localhost:"
              + port
              + ", 127.0.0.1:"
              + port
              + " or [::1]:"
              + port
              + " (Host was "
              + (host == null ? "missing" : "'" + host + "'")
              + ")");
    }
  }

  /**
   * Checks an action request (after {@link #checkHost}).
   *
   * @throws ApiError 403 for another origin or a missing or wrong token, 415 for a body that is not
   *     JSON
   */
  void checkAction(HttpFields headers) {
    String origin = headers.get("Origin");
    if (origin != null
        && !origin.equalsIgnoreCase("http://" + headers.get("Host").toLowerCase(Locale.ROOT))) {
      throw ApiError.forbidden(
          "Actions are accepted only from the dashboard's own pages (Origin was '" + origin + "')");
    }
    String sent = headers.get(TOKEN_HEADER);
    if (sent == null
        || !MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.forbidden(
          "Actions need the dashboard token in the "
              + TOKEN_HEADER
              + " header (read it with GET /api/session from the dashboard's own origin)");
    }
    String type = headers.get("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(415, "Actions take a JSON body (Content-Type: application/json)");
    }
  }

  private boolean isOwnAuthority(String authority) {
    String a = authority.trim().toLowerCase(Locale.ROOT);
    int colon = a.lastIndexOf(':');
    if (colon < 0 || a.endsWith("]")) {
      return false;
    }
    return LOOPBACK_NAMES.contains(a.substring(0, colon))
        && a.substring(colon + 1).equals(Integer.toString(port));
  }
}
