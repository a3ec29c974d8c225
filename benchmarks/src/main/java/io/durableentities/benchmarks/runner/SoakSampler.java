package io.durableentities.benchmarks.runner;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes the soak's samples at a fixed interval on its own thread: the scheduler process's heap
 * after its last collection, its RSS, its resident entities and data directory, and the signals
 * applied and orchestrations finished (counted in this process by the worker's entities and
 * orchestrations). A failed reading (the process died, say) stops the sampling and is kept for
 * {@link #check()}.
 */
final class SoakSampler implements AutoCloseable {

  private static final double MIB = 1024.0 * 1024.0;

  private final SchedulerProcess scheduler;
  private final RemoteHeap heap;
  private final SoakSeries series;
  private final long startNanos;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "soak-sampler");
            t.setDaemon(true);
            return t;
          });
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile SoakSeries.Phase phase = SoakSeries.Phase.FILL;
  // Guarded by this object's lock (sampleNow).
  private double lastSeconds;
  private long lastApplied;
  private long lastFinished;

  /**
   * A sampler of {@code scheduler}; sampling starts with {@link #start}.
   *
   * @param startNanos the time the series counts from ({@link System#nanoTime()})
   */
  SoakSampler(SchedulerProcess scheduler, RemoteHeap heap, SoakSeries series, long startNanos) {
    this.scheduler = scheduler;
    this.heap = heap;
    this.series = series;
    this.startNanos = startNanos;
  }

  /** Samples every {@code intervalMillis} from now on (between the end of one and the next). */
  void start(long intervalMillis) {
    timer.scheduleWithFixedDelay(
        () -> {
          if (failure.get() == null) {
            try {
              sampleNow();
            } catch (Exception e) {
              if (timer.isShutdown()) {
                return; // close() interrupted a sample in progress: not a failure of the run
              }
              failure.compareAndSet(null, e);
            }
          }
        },
        intervalMillis,
        intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  /** The phase the next samples are taken in. */
  void phase(SoakSeries.Phase phase) {
    this.phase = phase;
  }

  /** Seconds since the series' start. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Takes a sample now. */
  synchronized void sampleNow() throws IOException, InterruptedException {
    scheduler.checkAlive();
    RemoteHeap.Reading gc = heap.read();
    long resident = scheduler.residentEntities();
    long rss = scheduler.rssBytes();
    long db = scheduler.databaseBytes();
    double now = seconds();
    long applied = EntityProbes.counterOps();
    long finished = OrchestrationProbes.finishedCount();
    double elapsed = now - lastSeconds;
    series.add(
        new SoakSeries.Sample(
            now,
            phase,
            gc.heapAfterLastGcBytes() / MIB,
            rss / MIB,
            elapsed > 0 ? (applied - lastApplied) / elapsed : Double.NaN,
            elapsed > 0 ? (finished - lastFinished) / elapsed : Double.NaN,
            resident,
            db / MIB,
            applied,
            finished,
            gc.collections(),
            gc.collectionSeconds()));
    lastSeconds = now;
    lastApplied = applied;
    lastFinished = finished;
  }

  /** Throws the failure that stopped the sampling, if any, and checks the process is alive. */
  void check() throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
    scheduler.checkAlive();
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(1, TimeUnit.MINUTES);
  }
}
