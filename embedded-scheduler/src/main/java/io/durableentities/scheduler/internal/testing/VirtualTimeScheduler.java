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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded scheduler in memory on a virtual clock: the clock stands still until {@link
 * #step(Instant, boolean)} moves it, which it does only when the engine is idle, to the earliest
 * due timer (or a limit), and then runs the maintenance at the new time so that what became due
 * fires. Serves the whole sidecar contract on a free loopback port, like {@code EmbeddedScheduler},
 * without a dashboard.
 *
 * <p>Thread-safe: steps may come from several threads; each is decided on the engine's writer.
 */
public final class VirtualTimeScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VirtualTimeScheduler.class);

  /** What a {@link #step} did. */
  public enum Outcome {
    /** Nothing: work is ready, leased to a worker or being committed; {@link Step#busy()} says. */
    BUSY,
    /** Nothing: idle, but no call waits for an instance (asked for with {@code whileWaitedOn}). */
    NOT_WAITED_ON,
    /** The clock stayed; timers due at or before it were fired. */
    FIRED,
    /** The clock moved to {@link Step#time()} and what became due there was fired. */
    MOVED,
    /** Nothing: idle, and nothing is due up to the limit. */
    SETTLED
  }

  /**
   * The result of a step.
   *
   * @param outcome what the step did
   * @param time the clock after the step
   * @param busy what kept the engine busy (for {@link Outcome#BUSY})
   */
  public record Step(Outcome outcome, Instant time, List<String> busy) {
    public Step {
      busy = List.copyOf(busy);
    }
  }

  private final VirtualClock clock;
  private final Wakeups wakeups;
  private final AtomicInteger waitingCalls;
  private final Engine engine;
  private final GrpcServers servers;
  private final MaintenanceSchedule.Maintenance maintenance;
  private final AtomicBoolean closed = new AtomicBoolean();

  private VirtualTimeScheduler(
      VirtualClock clock,
      Wakeups wakeups,
      AtomicInteger waitingCalls,
      Engine engine,
      GrpcServers servers,
      MaintenanceSchedule.Maintenance maintenance) {
    this.clock = clock;
    this.wakeups = wakeups;
    this.waitingCalls = waitingCalls;
    this.engine = engine;
    this.servers = servers;
    this.maintenance = maintenance;
  }

  /**
   * Starts a scheduler in memory, on a free loopback port, with its clock at {@code startTime}.
   *
   * @throws UncheckedIOException when no port can be bound
   */
  public static VirtualTimeScheduler start(Instant startTime) {
    Objects.requireNonNull(startTime, "startTime");
    VirtualClock clock = new VirtualClock(startTime);
    Wakeups wakeups = new Wakeups();
    AtomicInteger waitingCalls = new AtomicInteger();
    MaintenanceSchedule periodic = MaintenanceSchedule.every(EngineSeams.MAINTENANCE_PERIOD);
    CompletableFuture<MaintenanceSchedule.Maintenance> captured = new CompletableFuture<>();
    EngineSeams seams =
        EngineSeams.defaults()
            .withClock(clock)
            .withMaintenance(
                m -> {
                  captured.complete(m);
                  // Still periodic: what is due at the current time fires without a step, as in
                  // the scheduler (the clock standing still, nothing else ever becomes due).
                  return periodic.start(m);
                })
            .withWaitingCalls(
                count -> {
                  waitingCalls.set(count);
                  wakeups.signal();
                })
            .withWriterGate(wakeups);
    SchedulerOptions options = SchedulerOptions.newBuilder().inMemory().build();
    Engine engine;
    try {
      engine = Engine.start(options, seams);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("Could not start the scheduler in memory: " + e, e);
    }
    GrpcServers servers;
    try {
      servers = GrpcServers.start(null, 0, options.maxMessageBytes(), engine.facade());
    } catch (IOException e) {
      closeQuietly(engine);
      throw new UncheckedIOException("Could not listen on a free loopback port: " + e, e);
    }
    return new VirtualTimeScheduler(clock, wakeups, waitingCalls, engine, servers, captured.join());
  }

  /** The port the scheduler listens on (loopback). */
  public int port() {
    return servers.port();
  }

  /** The connection string for workers and clients ({@code Endpoint=http://localhost:<port>}). */
  public String connectionString() {
    return "Endpoint=http://localhost:" + servers.port() + ";Authentication=None";
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
   * One step of virtual time, decided on the engine's writer: when the engine is idle (and, with
   * {@code whileWaitedOn}, a call waits for an instance), fires the timers already due, or else
   * moves the clock to the earliest due timer but not past {@code limit} and fires what is due
   * there. Waits until the fired work is committed and dispatched.
   *
   * @param limit the clock never moves past this ({@link Instant#MAX}: no limit)
   * @param whileWaitedOn move only while some call waits for an instance (a test blocked on a
   *     result), so that the clock never moves under a test that is running its own code
   * @return what the step did
   */
  public Step step(Instant limit, boolean whileWaitedOn) {
    long limitMillis =
        limit.isBefore(Instant.ofEpochMilli(Long.MAX_VALUE))
            ? limit.toEpochMilli()
            : Long.MAX_VALUE; // Instant.MAX and the like: no limit
    Step step =
        engine
            .whenIdle(
                idle -> {
                  long now = clock.millis();
                  if (!idle.idle()) {
                    return step(Outcome.BUSY, idle);
                  }
                  if (whileWaitedOn && waitingCalls.get() == 0) {
                    return step(Outcome.NOT_WAITED_ON, idle);
                  }
                  if (idle.nextDueAt() <= now) {
                    return step(Outcome.FIRED, idle);
                  }
                  long target = Math.min(idle.nextDueAt(), limitMillis);
                  if (target <= now || target == Long.MAX_VALUE) {
                    return step(Outcome.SETTLED, idle);
                  }
                  clock.moveTo(target);
                  return step(Outcome.MOVED, idle);
                })
            .join();
    if (step.outcome() == Outcome.FIRED || step.outcome() == Outcome.MOVED) {
      // A group of its own: its time is the new one, so the dispatch after it sees what is due.
      maintenance.run().join();
    }
    return step;
  }

  private Step step(Outcome outcome, Idleness idle) {
    return new Step(outcome, clock.instant(), idle.busy());
  }

  /** A number that grows each time the engine may have changed (see {@link #awaitChange}). */
  public long changes() {
    return wakeups.count();
  }

  /**
   * Waits until the engine may have changed since {@link #changes()} returned {@code seen}: after a
   * writer group, a change of the waiting calls, or at the latest the writer's next idle turn (50
   * ms).
   *
   * @return false when {@code timeout} elapsed first
   */
  public boolean awaitChange(long seen, Duration timeout) throws InterruptedException {
    return wakeups.awaitBeyond(seen, timeout.toNanos());
  }

  /** Stops serving, ends the work-item streams and closes the store. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      servers.shutdown();
      engine.completeAllStreams();
      servers.close();
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
