package io.durableentities.scheduler;

import io.durableentities.scheduler.internal.dashboard.DashboardServer;
import io.durableentities.scheduler.internal.engine.Engine;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.durableentities.scheduler.internal.engine.EngineSeams;
import io.durableentities.scheduler.internal.grpc.GrpcServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Durable Task sidecar backend for orchestrations, activities and entities, in this process,
 * persisted in SQLite.
 *
 * <pre>{@code
 * try (EmbeddedScheduler scheduler = EmbeddedScheduler.start()) {
 *   String connection = scheduler.connectionString();
 *   // Endpoint=http://localhost:<port>;Authentication=None
 * }
 * }</pre>
 *
 * <p>It serves {@code Hello}; the orchestration client RPCs ({@code StartInstance}, {@code
 * GetInstance}, {@code WaitForInstanceStart}/{@code Completion}, {@code RaiseEvent}, {@code
 * TerminateInstance}, {@code SuspendInstance}, {@code ResumeInstance}, {@code QueryInstances},
 * {@code ListInstanceIds}, {@code PurgeInstances}); the entity client RPCs ({@code SignalEntity},
 * {@code GetEntity}, {@code QueryEntities}, {@code CleanEntityStorage}); and the worker RPCs
 * ({@code GetWorkItems}, {@code CompleteOrchestratorTask}, {@code CompleteActivityTask}, {@code
 * CompleteEntityTask} and the three abandons); and {@code StreamInstanceHistory}. Other RPCs
 * (rewind, restart, task hub management) answer UNIMPLEMENTED naming themselves. The {@code
 * taskhub} request header selects an isolated task hub ({@code default} when absent), created on
 * first use.
 *
 * <p>Guarantees: a request is acknowledged only once it is durable ({@code synchronous=FULL}); a
 * work item's result (with everything it emits) commits as one transaction or not at all; a work
 * item whose worker abandons it, disconnects or exceeds the lease timeout is delivered again; an
 * operation that fails delivery {@link SchedulerOptions#maxDeliveryAttempts()} times is failed to
 * its caller and dropped.
 *
 * <p>With {@link SchedulerOptions.Builder#dashboardPort(int)} it also serves a web dashboard on the
 * loopback addresses ({@link #dashboardUrl()}): orchestrations with their history, entities with
 * their state, held locks and waiting requests, and actions on them.
 */
public final class EmbeddedScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedScheduler.class);

  private final Engine engine;
  private final GrpcServers servers;
  private final DashboardServer dashboard;
  private final SchedulerOptions options;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean closing;

  private EmbeddedScheduler(
      Engine engine, GrpcServers servers, DashboardServer dashboard, SchedulerOptions options) {
    this.engine = engine;
    this.servers = servers;
    this.dashboard = dashboard;
    this.options = options;
  }

  /** Starts with the {@linkplain SchedulerOptions#defaults() default options}. */
  public static EmbeddedScheduler start() {
    return start(SchedulerOptions.defaults());
  }

  /**
   * Starts a scheduler: opens (or creates or migrates) the store, then listens.
   *
   * @throws IllegalStateException when the data directory is used by another scheduler, its
   *     database was written by a newer version, or {@link SchedulerOptions#integrityCheck()} is on
   *     and the database fails the check
   * @throws UncheckedIOException when the port (or the dashboard's) cannot be bound or the store
   *     cannot be opened
   */
  public static EmbeddedScheduler start(SchedulerOptions options) {
    return start(options, EngineSeams.defaults());
  }

  /**
   * Starts with the engine's seams given (tests pass a controllable clock, a maintenance schedule
   * they drive, a setup for the store's connections).
   */
  static EmbeddedScheduler start(SchedulerOptions options, EngineSeams seams) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(seams, "seams");
    Engine engine;
    try {
      engine = Engine.start(options, seams);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the scheduler store: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not open the scheduler database in "
              + (options.inMemory() ? "memory" : options.dataDir().toAbsolutePath())
              + ": "
              + e.getMessage(),
          e);
    }
    EngineFacade facade = engine.facade();
    GrpcServers servers;
    try {
      servers = GrpcServers.start(options, facade);
    } catch (RuntimeException e) {
      closeQuietly(engine);
      throw e;
    } catch (IOException e) {
      closeQuietly(engine);
      throw new UncheckedIOException(
          "Could not listen on "
              + options.host().orElse("localhost")
              + ":"
              + options.port()
              + ": "
              + e.getMessage(),
          e);
    }
    DashboardServer dashboard = null;
    if (options.dashboardPort().isPresent()) {
      int dashboardPort = options.dashboardPort().getAsInt();
      try {
        dashboard = DashboardServer.start(dashboardPort, facade, servers.port());
      } catch (IOException e) {
        servers.shutdown();
        try {
          servers.close();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
        closeQuietly(engine);
        throw new UncheckedIOException(
            "Could not serve the dashboard on localhost:"
                + dashboardPort
                + ": "
                + e.getMessage()
                + " (choose another dashboard port, or turn the dashboard off)",
            e);
      }
      log.info("Dashboard at {}", dashboard.url());
    }
    if (options.remote()
        && (options.tlsCertificateChain().isEmpty() || options.authToken().isEmpty())) {
      log.warn(
          "INSECURE: listening on {} for other machines without {}: anyone who can reach this"
              + " port can read and change every entity and orchestration"
              + " (insecureAllowRemoteWithoutAuth is set)",
          servers.addresses(),
          options.tlsCertificateChain().isEmpty()
              ? (options.authToken().isEmpty() ? "TLS or an authentication token" : "TLS")
              : "an authentication token");
    }
    log.info(
        "Embedded scheduler listening on {} ({}{}; store: {})",
        servers.addresses(),
        options.tlsCertificateChain().isPresent() ? "TLS" : "plaintext",
        options.authToken().isPresent() ? ", bearer token required" : "",
        engine.storeLocation());
    return new EmbeddedScheduler(engine, servers, dashboard, options);
  }

  /** The port the scheduler listens on. */
  public int port() {
    return servers.port();
  }

  /** The addresses the scheduler listens on. */
  public List<String> addresses() {
    return servers.addresses();
  }

  /** The port the dashboard listens on, when it runs. */
  public OptionalInt dashboardPort() {
    return dashboard == null ? OptionalInt.empty() : OptionalInt.of(dashboard.port());
  }

  /** The dashboard's address for a browser ({@code http://localhost:<port>/}), when it runs. */
  public Optional<URI> dashboardUrl() {
    return dashboard == null ? Optional.empty() : Optional.of(dashboard.url());
  }

  /**
   * How many entities the scheduler holds in memory now, over all task hubs: up to {@link
   * SchedulerOptions#maxResidentEntities()} with queued operations, a lock, a batch in flight or
   * none of these (plus batches in flight beyond it), with a data directory; in memory, every
   * entity. For monitoring; the database holds every entity whatever this says.
   */
  public int residentEntities() {
    return engine.facade().residentEntities();
  }

  /**
   * How many orchestration instances the scheduler holds in memory now, over all task hubs: the
   * active ones (pending, running, suspended). A finished instance leaves memory once its
   * completion is committed and is read from the database when asked for; for monitoring.
   */
  public int residentInstances() {
    return engine.facade().residentInstances();
  }

  /** The options the scheduler was started with. */
  public SchedulerOptions options() {
    return options;
  }

  /**
   * The connection string for clients and workers: {@code
   * Endpoint=http://localhost:<port>;Authentication=None} (or the configured host); with TLS the
   * endpoint is {@code https://}, and with a token it ends {@code
   * Authentication=Token;Token=<token>}, so it holds the secret.
   */
  public String connectionString() {
    String host = options.host().orElse("localhost");
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "localhost";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String scheme = options.tlsCertificateChain().isPresent() ? "https" : "http";
    String authentication =
        options
            .authToken()
            .map(t -> "Authentication=Token;Token=" + t)
            .orElse("Authentication=None");
    return "Endpoint=" + scheme + "://" + host + ":" + port() + ";" + authentication;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitTermination() throws InterruptedException {
    closed.await();
  }

  /** Blocks until {@link #close()} has finished or the timeout elapses. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return closed.await(timeout, unit);
  }

  /**
   * Stops accepting calls, ends the work-item streams, writes what is queued, closes the store and
   * releases the data directory. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      if (dashboard != null) {
        dashboard.close();
      }
      servers.shutdown();
      engine.completeAllStreams();
      servers.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(engine);
      closed.countDown();
      log.info("Embedded scheduler on port {} stopped", port());
    }
  }

  private static void closeQuietly(Engine engine) {
    try {
      engine.close();
    } catch (IOException | SQLException | RuntimeException e) {
      log.warn("Could not close the scheduler store cleanly", e);
    }
  }
}
