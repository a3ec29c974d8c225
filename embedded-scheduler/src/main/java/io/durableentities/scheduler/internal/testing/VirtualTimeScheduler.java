package io.durableentities.scheduler.internal.testing;

import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.scheduler.internal.engine.Engine;
import io.durableentities.scheduler.internal.engine.EngineSeams;
import io.durableentities.scheduler.internal.engine.Idleness;
import io.durableentities.scheduler.internal.engine.MaintenanceSchedule;
import io.durableentities.scheduler.internal.grpc.GrpcServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded scheduler in memory on a virtual clock that stands still until it is moved. Serves
 * the whole sidecar contract to this JVM through gRPC's in-process transport ({@link
 * #inProcessConnectionString()}): the test environment's own worker and client use that, which
 * halves the CPU of each round trip (no sockets, HTTP/2 framing or serialization) and leaves the
 * Netty transport out of the JIT's work in a short-lived test JVM. It also serves it on a free
 * loopback port, like {@code EmbeddedScheduler} without a dashboard, from the first call of {@link
 * #port()} or {@link #connectionString()} on: a test that never asks does not pay for starting
 * Netty (about a third of a start in a fresh JVM).
 *
 * <p>The clock moves only on the engine's writer thread, at its gate (after each group, and every
 * 50 ms while it waits for work), and only when the engine is {@linkplain Engine#idleness() idle}:
 * to the earliest due timer, after which the maintenance runs at the new time in a group of its own
 * and fires what became due. It moves for two reasons:
 *
 * <ul>
 *   <li>an {@linkplain #advanceTo advance}: step by step to each due timer up to a target, then to
 *       the target, and done once idle there;
 *   <li>{@linkplain #autoSkip(boolean) automatic skipping}: while some {@code WaitForInstance*}
 *       call waits (a test blocked on a result), to the earliest due timer, as often as needed.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class VirtualTimeScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VirtualTimeScheduler.class);

  private record Advance(long target, CompletableFuture<Instant> done) {}

  private final VirtualClock clock;
  private final Wakeups wakeups = new Wakeups(this::writerTurn);
  private final AtomicInteger waitingCalls = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean autoSkip;
  private volatile List<String> busy = List.of();
  private volatile Engine engine;
  private volatile MaintenanceSchedule.Maintenance maintenance;
  private static final AtomicInteger instances = new AtomicInteger();

  private final String inProcessName =
      "durable-entities-virtual-time-"
          + ProcessHandle.current().pid()
          + "-"
          + instances.incrementAndGet();
  private SchedulerOptions options;

  /** The loopback server, started on first use; guarded by {@code this}. */
  private GrpcServers servers;

  private GrpcServers inProcess;

  /** The pending advance, or null; guarded by {@code this}. */
  private Advance advance;

  private VirtualTimeScheduler(Instant start) {
    this.clock = new VirtualClock(start);
  }

  /**
   * Starts a scheduler in memory, on a free loopback port, with its clock at {@code startTime}.
   *
   * @throws UncheckedIOException when no port can be bound
   */
  public static VirtualTimeScheduler start(Instant startTime) {
    Objects.requireNonNull(startTime, "startTime");
    VirtualTimeScheduler s = new VirtualTimeScheduler(startTime);
    s.open();
    return s;
  }

  private void open() {
    MaintenanceSchedule periodic = MaintenanceSchedule.every(EngineSeams.MAINTENANCE_PERIOD);
    EngineSeams seams =
        EngineSeams.defaults()
            .withClock(clock)
            .withMaintenance(
                m -> {
                  maintenance = m;
                  // Still periodic, as in the scheduler: with the clock standing still it only
                  // fires what is due at the current time.
                  return periodic.start(m);
                })
            .withWaitingCalls(this::waitingCallsChanged)
            .withWriterGate(wakeups);
    options = SchedulerOptions.newBuilder().inMemory().port(0).build();
    try {
      engine = Engine.start(options, seams);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Could not start the scheduler in memory: " + e, e);
    }
    try {
      inProcess = GrpcServers.startInProcess(inProcessName, options, engine.facade());
    } catch (IOException e) {
      closeQuietly(engine);
      throw new UncheckedIOException(
          "Could not serve in process as '" + inProcessName + "': " + e, e);
    }
  }

  /**
   * The port the scheduler listens on (loopback); the first call starts listening.
   *
   * @throws UncheckedIOException when no port can be bound
   * @throws IllegalStateException after {@link #close()}
   */
  public int port() {
    return network().port();
  }

  private synchronized GrpcServers network() {
    if (closed.get()) {
      throw new IllegalStateException("The virtual-time scheduler is closed");
    }
    if (servers == null) {
      try {
        servers = GrpcServers.start(options, engine.facade());
      } catch (IOException e) {
        throw new UncheckedIOException("Could not listen on a free loopback port: " + e, e);
      }
    }
    return servers;
  }

  /**
   * The connection string for workers and clients over the loopback network ({@code
   * Endpoint=http://localhost:<port>}); the first call starts listening.
   */
  public String connectionString() {
    return "Endpoint=http://localhost:" + port() + ";Authentication=None";
  }

  /**
   * The connection string for workers and clients in this JVM: an {@code InProcess} key, so that
   * calls go through gRPC's in-process transport, and an endpoint that is only a label (it does not
   * start the loopback server).
   */
  public String inProcessConnectionString() {
    return "Endpoint=http://localhost;Authentication=None;InProcess=" + inProcessName;
  }

  /** The scheduler's clock, to read only (workers and clients take it as their "now"). */
  public InstantSource clock() {
    return clock;
  }

  /** The scheduler's current time. */
  public Instant now() {
    return clock.instant();
  }

  /** How many {@code WaitForInstance*} calls wait now. */
  public int waitingCalls() {
    return waitingCalls.get();
  }

  /**
   * What kept the engine busy when the clock last wanted to move (ready work no worker took, work
   * leased to a worker, ...), for messages; empty when it was idle.
   */
  public List<String> busy() {
    return busy;
  }

  /**
   * Turns automatic skipping on or off: while on, and while a call waits for an instance, the clock
   * jumps to the earliest due timer whenever the engine is idle.
   */
  public void autoSkip(boolean on) {
    autoSkip = on;
    if (on) {
      wakeWriter();
    }
  }

  /**
   * Moves the clock to {@code target} through every timer due up to it, each fired at its own time
   * once the engine is idle, and completes (with the clock's time) when the engine is idle at
   * {@code target} with nothing due. A target at or before the current time only waits for idle.
   *
   * @throws IllegalStateException when another advance is still pending
   */
  public CompletableFuture<Instant> advanceTo(Instant target) {
    Advance a = new Advance(saturatedMillis(target), new CompletableFuture<>());
    synchronized (this) {
      if (advance != null && !advance.done().isDone()) {
        throw new IllegalStateException(
            "Another advance of the virtual clock is still running; advance from one thread");
      }
      advance = a;
    }
    wakeWriter();
    return a.done();
  }

  /** Drops a pending advance that its caller gave up on. */
  public void cancel(CompletableFuture<Instant> pending) {
    synchronized (this) {
      if (advance != null && advance.done() == pending) {
        advance = null;
      }
    }
    pending.cancel(false);
  }

  /** A number that grows with each turn of the writer (after each group, every 50 ms idle). */
  public long changes() {
    return wakeups.count();
  }

  /**
   * Waits until {@link #changes()} grew beyond {@code seen}.
   *
   * @return false when {@code timeout} elapsed first
   */
  public boolean awaitChange(long seen, Duration timeout) throws InterruptedException {
    return wakeups.awaitBeyond(seen, timeout.toNanos());
  }

  private void waitingCallsChanged(int count) {
    int before = waitingCalls.getAndSet(count);
    if (count > before && autoSkip) {
      wakeWriter();
    }
  }

  /** Gives the writer a turn soon (a maintenance run at the current time fires nothing new). */
  private void wakeWriter() {
    MaintenanceSchedule.Maintenance m = maintenance;
    if (m != null && !closed.get()) {
      m.run();
    }
  }

  /** On the writer thread, between groups: moves the clock when it should and may. */
  private void writerTurn() {
    Engine e = engine;
    MaintenanceSchedule.Maintenance m = maintenance;
    Advance a;
    synchronized (this) {
      a = advance;
    }
    boolean skip = autoSkip && waitingCalls.get() > 0;
    if (e == null || m == null || (a == null && !skip)) {
      return;
    }
    Idleness idle = e.idleness();
    busy = idle.busy();
    if (!idle.idle()) {
      return;
    }
    long now = clock.millis();
    if (idle.nextDueAt() <= now) {
      m.run();
      return;
    }
    long target = Math.min(idle.nextDueAt(), a != null ? a.target() : Long.MAX_VALUE);
    if (target > now && target != Long.MAX_VALUE) {
      clock.moveTo(target);
      m.run();
      return;
    }
    if (a != null) {
      synchronized (this) {
        if (advance == a) {
          advance = null;
        }
      }
      a.done().complete(clock.instant());
    }
  }

  private static long saturatedMillis(Instant t) {
    return t.isBefore(Instant.ofEpochMilli(Long.MAX_VALUE)) ? t.toEpochMilli() : Long.MAX_VALUE;
  }

  /** Stops serving, ends the work-item streams and closes the store. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (advance != null) {
        advance.done().cancel(false);
        advance = null;
      }
    }
    GrpcServers network;
    synchronized (this) {
      network = servers;
    }
    try {
      if (network != null) {
        network.shutdown();
      }
      inProcess.shutdown();
      engine.completeAllStreams();
      if (network != null) {
        network.close();
      }
      inProcess.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(engine);
    }
  }

  private static void closeQuietly(Engine engine) {
    try {
      engine.close();
    } catch (IOException | SQLException | RuntimeException e) {
      log.warn("Could not close the scheduler's store cleanly", e);
    }
  }
}
