package io.durableentities.testing;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClient;
import io.durableentities.core.Entity;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.scheduler.internal.testing.VirtualTimeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A durable back end, a worker and clients in this process, on a virtual clock: a test of an
 * approval that times out after 7 days takes milliseconds. See the {@linkplain
 * io.durableentities.testing package documentation} for when time moves.
 *
 * <pre>{@code
 * try (DurableTestEnvironment env =
 *     DurableTestEnvironment.newBuilder()
 *         .entity(CounterEntity.class)
 *         .orchestrations(Orchestrations.of(new Approval()))
 *         .start()) {
 *   String id = env.orchestrations().scheduleNew(Approval.class, "budget");
 *   OrchestrationMetadata done = env.orchestrations().waitForCompletion(id, Duration.ofSeconds(10));
 *   // the 7-day timeout elapsed in virtual time; the wait took milliseconds
 * }
 * }</pre>
 *
 * <p>Thread-safe. Use one environment per test ({@link DurableTestExtension} makes one for each);
 * {@link #close()} stops the worker, the clients and the scheduler, and forgets everything.
 */
public final class DurableTestEnvironment implements AutoCloseable {

  /** How long {@link #advance} and {@link #runUntilIdle()} wait for work to finish, by default. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final VirtualTimeScheduler scheduler;
  private final DurableWorker worker;
  private final DurableClient client;
  private final Duration idleTimeout;
  private final Object holdLock = new Object();
  private int holds;

  private DurableTestEnvironment(
      VirtualTimeScheduler scheduler,
      DurableWorker worker,
      DurableClient client,
      Duration idleTimeout) {
    this.scheduler = scheduler;
    this.worker = worker;
    this.client = client;
    this.idleTimeout = idleTimeout;
  }

  /** A builder: register the entities, orchestrations and activities under test. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** The virtual time: where the back end's clock stands now. */
  public Instant currentTime() {
    return scheduler.now();
  }

  /**
   * The virtual clock, to read only: give it to more workers and clients ({@code
   * DurableClient.newBuilder(env.connectionString()).clock(env.clock())}) so that their "now" (a
   * {@code signalAfter} delay, request times) is virtual too, as it is for the environment's own.
   */
  public InstantSource clock() {
    return scheduler.clock();
  }

  /**
   * The connection string of the back end for more workers or clients in this JVM: its {@code
   * InProcess} key sends their calls through gRPC's in-process transport, as the environment's own.
   */
  public String connectionString() {
    return scheduler.inProcessConnectionString();
  }

  /**
   * The connection string of the back end over the loopback network ({@code
   * Endpoint=http://localhost:<port>}), for a worker or client in another process or another SDK.
   * The first call starts listening on a free port (an environment that is never asked does not
   * start the network transport).
   *
   * @throws java.io.UncheckedIOException when no port can be bound
   */
  public String networkConnectionString() {
    return scheduler.connectionString();
  }

  /** The client (closed with the environment). */
  public DurableClient client() {
    return client;
  }

  /** The entity client: signals, calls (which let time skip while they wait), gets, queries. */
  public EntityClient entities() {
    return client.entities();
  }

  /** The orchestration client; its waits for an instance let time skip. */
  public OrchestrationClient orchestrations() {
    return OrchestrationClient.of(client);
  }

  /** The worker that runs the registered entities, orchestrations and activities. */
  public DurableWorker worker() {
    return worker;
  }

  /**
   * Holds the clock: time skips no more on its own until the hold is closed (holds nest); {@link
   * #advance} and {@link #runUntilIdle()} still move it.
   *
   * <pre>{@code
   * try (ClockHold hold = env.holdClock()) {
   *   String id = env.orchestrations().scheduleNew(Approval.class, "budget");
   *   env.advance(Duration.ofDays(6));   // the 7-day timeout has not fired
   * }
   * }</pre>
   */
  public ClockHold holdClock() {
    synchronized (holdLock) {
      holds++;
      scheduler.autoSkip(false);
    }
    return new ClockHold(this::release);
  }

  private void release() {
    synchronized (holdLock) {
      holds--;
      if (holds == 0) {
        scheduler.autoSkip(true);
      }
    }
  }

  /**
   * Moves the clock forward by {@code duration}: each timer due on the way (durable timers,
   * scheduled signals, retry delays, event timeouts) fires at its own time, and the work it starts
   * runs to the end before the clock moves on; returns when nothing is left to run at the new time.
   *
   * @param duration not negative
   * @throws IllegalStateException when the work does not finish within the idle timeout (an
   *     activity or operation that blocks, or work no registered worker takes; the message names
   *     it)
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "The virtual clock only moves forward; advance(" + duration + ") is negative");
    }
    moveTo(currentTime().plus(duration), "advance(" + duration + ")");
  }

  /**
   * Runs what can run without the clock moving (including timers due now) and returns when nothing
   * is left: every work item completed, nothing ready.
   *
   * @throws IllegalStateException when the work does not finish within the idle timeout
   */
  public void runUntilIdle() {
    moveTo(currentTime(), "runUntilIdle()");
  }

  private void moveTo(Instant target, String what) {
    CompletableFuture<Instant> done = scheduler.advanceTo(target);
    try {
      done.get(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      scheduler.cancel(done);
      throw new IllegalStateException(
          what
              + " gave up after "
              + idleTimeout
              + " of real time at virtual time "
              + currentTime()
              + ": the work never finished. Still busy: "
              + String.join("; ", scheduler.busy())
              + ". An activity or entity operation that blocks keeps its work item leased; work"
              + " no registered worker takes stays ready (register its entity, orchestration or"
              + " activity with the environment's builder)",
          e);
    } catch (InterruptedException e) {
      scheduler.cancel(done);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }

  /** Stops the worker and the clients and the back end; nothing is kept. Idempotent. */
  @Override
  public void close() {
    try {
      client.close();
    } finally {
      try {
        worker.close();
      } finally {
        scheduler.close();
      }
    }
  }

  /** Builds an environment; reusable: each {@link #start()} makes a fresh one. */
  public static final class Builder {

    private final List<Consumer<DurableWorker.Builder>> workerSetup = new ArrayList<>();
    private Orchestrations orchestrations;
    private Instant startTime;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private Builder() {}

    /**
     * Hosts an entity class (with a public no-arg constructor) under its entity name.
     *
     * @param entityClass the entity class
     * @return this builder
     */
    public Builder entity(Class<? extends TaskEntity<?>> entityClass) {
      Objects.requireNonNull(entityClass, "entityClass");
      workerSetup.add(w -> w.entity(entityClass));
      return this;
    }

    /**
     * Hosts an entity made by {@code factory} (once per batch) under the class's entity name.
     *
     * @param entityClass the entity class
     * @param factory makes an instance per batch
     * @param <E> the entity type
     * @return this builder
     */
    public <E extends Entity> Builder entity(Class<E> entityClass, Supplier<? extends E> factory) {
      Objects.requireNonNull(entityClass, "entityClass");
      Objects.requireNonNull(factory, "factory");
      workerSetup.add(w -> w.entity(entityClass, factory));
      return this;
    }

    /**
     * Runs these orchestrations and activities.
     *
     * @param orchestrations the registry
     * @return this builder
     */
    public Builder orchestrations(Orchestrations orchestrations) {
      this.orchestrations = Objects.requireNonNull(orchestrations, "orchestrations");
      return this;
    }

    /**
     * Sets anything else on the worker (a data converter, more entities, limits); applied to each
     * environment's worker.
     *
     * @param setup changes the worker's builder
     * @return this builder
     */
    public Builder worker(Consumer<DurableWorker.Builder> setup) {
      workerSetup.add(Objects.requireNonNull(setup, "setup"));
      return this;
    }

    /**
     * Sets where the virtual clock starts (default: the wall-clock time at {@link #start()},
     * truncated to the second); a fixed start makes dates in a test repeatable.
     *
     * @param startTime the first virtual time
     * @return this builder
     */
    public Builder startTime(Instant startTime) {
      this.startTime = Objects.requireNonNull(startTime, "startTime");
      return this;
    }

    /**
     * Sets how long {@link #advance} and {@link #runUntilIdle()} wait in real time for work to
     * finish before they fail (default {@link #DEFAULT_IDLE_TIMEOUT}).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder idleTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive, was " + timeout);
      }
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Starts the back end on a virtual clock, the worker (connected when this returns) and the
     * clients.
     *
     * @return the environment; close it
     * @throws IllegalStateException when the worker cannot connect
     */
    public DurableTestEnvironment start() {
      Instant start = startTime != null ? startTime : Instant.now().truncatedTo(ChronoUnit.SECONDS);
      VirtualTimeScheduler scheduler = VirtualTimeScheduler.start(start);
      DurableWorker worker = null;
      DurableClient client = null;
      try {
        DurableWorker.Builder w =
            DurableWorker.newBuilder(scheduler.inProcessConnectionString())
                .shutdownTimeout(Duration.ofSeconds(5))
                .clock(scheduler.clock());
        if (orchestrations != null) {
          w.extension(OrchestrationWorker.of(orchestrations));
        }
        workerSetup.forEach(setup -> setup.accept(w));
        worker = w.start();
        if (!worker.awaitConnected(idleTimeout)) {
          throw new IllegalStateException(
              "The test environment's worker did not connect to its in-process back end within "
                  + idleTimeout);
        }
        client =
            DurableClient.newBuilder(scheduler.inProcessConnectionString())
                .clock(scheduler.clock())
                .build();
        scheduler.autoSkip(true);
        return new DurableTestEnvironment(scheduler, worker, client, idleTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeAll(client, worker, scheduler);
        throw new IllegalStateException("Interrupted while the test environment started", e);
      } catch (RuntimeException e) {
        closeAll(client, worker, scheduler);
        throw e;
      }
    }

    private static void closeAll(
        DurableClient client, DurableWorker worker, VirtualTimeScheduler scheduler) {
      if (client != null) {
        client.close();
      }
      if (worker != null) {
        worker.close();
      }
      scheduler.close();
    }
  }
}
