package io.durableentities.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A client of a scheduler's dashboard API, as a browser on the same machine would call it. */
final class DashboardHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A status and a JSON body. */
  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  final int port;
  final String origin;

  DashboardHttp(int port) {
    this.port = port;
    this.origin = "http://localhost:" + port;
  }

  Answer get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(origin + pathAndQuery)).GET().build());
  }

  String token() throws IOException, InterruptedException {
    return get("/api/session").body().get("token").asText();
  }

  /** POSTs an action with the given extra headers (e.g. the token and an Origin). */
  Answer post(String action, Map<String, Object> body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin + "/api/actions/" + action))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    headers.forEach(b::header);
    return send(b.build());
  }

  /** POSTs an action as the dashboard's own page does: own origin and the token. */
  Answer act(String action, Map<String, Object> body) throws IOException, InterruptedException {
    return post(action, body, Map.of("Origin", origin, "X-Dashboard-Token", token()));
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode body = type.startsWith("application/json") ? JSON.readTree(r.body()) : null;
    return new Answer(r.statusCode(), body, r);
  }

  /** A raw request with any Host header (HttpClient will not send a foreign one); the status. */
  int rawStatus(String requestLine, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
