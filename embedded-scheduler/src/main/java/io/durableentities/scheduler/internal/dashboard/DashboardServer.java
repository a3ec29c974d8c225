package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard's HTTP server: static pages from the jar at {@code /}, reads at {@code GET
 * /api/...}, actions at {@code POST /api/actions/...}, on the loopback addresses only ({@code
 * 127.0.0.1}, and {@code ::1} when the machine has it) with the JDK's HTTP server.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

  private static final String SECURITY_HEADERS_CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final List<HttpServer> servers;
  private final ExecutorService executor;
  private final int port;

  private DashboardServer(List<HttpServer> servers, ExecutorService executor, int port) {
    this.servers = servers;
    this.executor = executor;
    this.port = port;
  }

  /**
   * Listens on {@code port} (0 for a free one) of the loopback addresses.
   *
   * @param engine the engine's façade (actions, the standard reads and the dashboard's own)
   * @param grpcPort the scheduler's gRPC port, shown on the pages
   * @throws IOException when the port cannot be bound on 127.0.0.1
   */
  public static DashboardServer start(int port, EngineFacade engine, int grpcPort)
      throws IOException {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "dashboard-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<HttpServer> servers = new ArrayList<>();
    try {
      HttpServer v4 =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
      servers.add(v4);
      int bound = v4.getAddress().getPort();
      try {
        servers.add(
            HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), bound), 64));
      } catch (IOException e) {
        log.debug("The dashboard does not listen on [::1]:{}: {}", bound, e.getMessage());
      }
      RequestGuard guard = new RequestGuard(bound);
      Handler handler =
          new Handler(
              guard,
              new ReadApi(engine, guard, grpcPort),
              new ActionApi(engine),
              new StaticAssets());
      for (HttpServer s : servers) {
        s.createContext("/", handler::handle);
        s.setExecutor(executor);
        s.start();
      }
      return new DashboardServer(servers, executor, bound);
    } catch (IOException | RuntimeException e) {
      servers.forEach(s -> s.stop(0));
      executor.shutdownNow();
      throw e;
    }
  }

  /** The port the dashboard listens on. */
  public int port() {
    return port;
  }

  /** The dashboard's address for a browser. */
  public URI url() {
    return URI.create("http://localhost:" + port + "/");
  }

  /** Stops listening and closes every connection (a page's poll in progress just fails). */
  @Override
  public void close() {
    for (HttpServer s : servers) {
      s.stop(0);
    }
    executor.shutdownNow();
  }

  /** Routes one request and turns every failure into a JSON error. */
  private record Handler(
      RequestGuard guard, ReadApi reads, ActionApi actions, StaticAssets assets) {

    void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getRawPath();
        try {
          guard.checkHost(exchange.getRequestHeaders());
          if (path.startsWith("/api/")) {
            api(exchange);
          } else {
            asset(exchange, path);
          }
        } catch (ApiError e) {
          error(exchange, e.httpStatus, e.getMessage());
        } catch (StatusRuntimeException e) {
          ApiError a = ApiError.of(e);
          error(exchange, a.httpStatus, a.getMessage());
        } catch (RuntimeException e) {
          log.error("The dashboard failed to serve {} {}", exchange.getRequestMethod(), path, e);
          error(exchange, 500, "The dashboard failed unexpectedly: " + e);
        }
      }
    }

    private void api(HttpExchange exchange) throws IOException {
      ApiCall call = new ApiCall(exchange);
      ObjectNode answer;
      if (call.path.startsWith("actions/")) {
        if (!call.method.equals("POST")) {
          throw new ApiError(405, "Actions take POST");
        }
        guard.checkAction(exchange.getRequestHeaders());
        answer = actions.act(call);
      } else {
        if (!call.method.equals("GET")) {
          throw new ApiError(405, "Reads take GET; actions are POST /api/actions/...");
        }
        answer = reads.read(call);
      }
      send(
          exchange, 200, "application/json; charset=utf-8", ApiCall.JSON.writeValueAsBytes(answer));
    }

    private void asset(HttpExchange exchange, String path) throws IOException {
      if (!exchange.getRequestMethod().equals("GET")
          && !exchange.getRequestMethod().equals("HEAD")) {
        throw new ApiError(405, "Pages take GET");
      }
      StaticAssets.Asset asset = assets.find(path);
      if (asset == null) {
        throw ApiError.notFound("No page " + path + "; the dashboard is at /");
      }
      send(exchange, 200, asset.contentType(), asset.bytes());
    }

    private static void error(HttpExchange exchange, int status, String message)
        throws IOException {
      ObjectNode body = ApiCall.JSON.createObjectNode();
      body.put("error", message);
      body.put("status", status);
      send(
          exchange,
          status,
          "application/json; charset=utf-8",
          ApiCall.JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body)
        throws IOException {
      var h = exchange.getResponseHeaders();
      h.set("Content-Type", type);
      h.set("Cache-Control", "no-store");
      h.set("X-Content-Type-Options", "nosniff");
      h.set("X-Frame-Options", "DENY");
      h.set("Referrer-Policy", "no-referrer");
      h.set("Content-Security-Policy", SECURITY_HEADERS_CSP);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
