package io.durableentities.scheduler.internal.dashboard;

import io.durableentities.scheduler.internal.engine.EngineFacade;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard's HTTP server: static pages from the jar at {@code /}, reads at {@code GET
 * /api/...}, actions at {@code POST /api/actions/...}, on the loopback addresses only ({@code
 * 127.0.0.1}, and {@code ::1} when the machine has it), with Jetty.
 *
 * <p>What a client can cost it is bounded: Jetty parses requests without holding a thread while it
 * waits for bytes, a connection silent for {@link #IDLE_TIMEOUT} (in the middle of a request or
 * between requests) is closed, request headers are limited to Jetty's 8 KiB and bodies to {@link
 * ApiCall#MAX_BODY_BYTES}, and at most {@link #MAX_CONNECTIONS} connections are open at once (more
 * wait to be accepted). So clients that stall mid-request cannot block the pages of others.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

  /** How long a connection may stay silent before it is closed. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

  /** The most connections open at once, over both addresses. */
  static final int MAX_CONNECTIONS = 128;

  private final Server server;
  private final int port;

  private DashboardServer(Server server, int port) {
    this.server = server;
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
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("dashboard-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // Ids in paths may hold '/' and '%' (sent as %2F and %25); ApiCall decodes each segment.
    http.setUriCompliance(
        UriCompliance.DEFAULT.with(
            "dashboard",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    try {
      ServerConnector v4 = connector(server, http, "127.0.0.1", port);
      v4.open();
      int bound = v4.getLocalPort();
      ServerConnector v6 = connector(server, http, "::1", bound);
      try {
        v6.open();
      } catch (IOException e) {
        log.debug("The dashboard does not listen on [::1]:{}: {}", bound, e.getMessage());
        server.removeConnector(v6);
        v6.close();
      }
      server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
      RequestGuard guard = new RequestGuard(bound);
      server.setHandler(
          new DashboardHandler(
              guard,
              new ReadApi(engine, guard, grpcPort),
              new ActionApi(engine),
              new StaticAssets()));
      server.start();
      return new DashboardServer(server, bound);
    } catch (IOException | RuntimeException e) {
      stopQuietly(server);
      throw e;
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("The dashboard's HTTP server did not start: " + e, e);
    }
  }

  private static ServerConnector connector(
      Server server, HttpConfiguration http, String host, int port) throws IOException {
    ServerConnector c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    c.setHost(InetAddress.getByName(host).getHostAddress());
    c.setPort(port);
    c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    c.setAcceptQueueSize(64);
    server.addConnector(c);
    return c;
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
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.setStopTimeout(0);
      server.stop();
    } catch (Exception e) {
      log.warn("The dashboard's HTTP server did not stop cleanly", e);
    }
  }
}
