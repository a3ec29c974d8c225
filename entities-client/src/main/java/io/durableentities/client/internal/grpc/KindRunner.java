package io.durableentities.client.internal.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs jobs on a pool of its own, at most {@code limit} at a time (a semaphore); {@link #submit}
 * never blocks: jobs over the limit wait in a queue. A job holds its permit until the stage its run
 * returned completes (for a work item: until the scheduler answered its completion), not only while
 * it has a thread, so the limit counts what the scheduler counts.
 *
 * @param <J> the job type
 */
final class KindRunner<J> {

  private final Semaphore permits;
  private final Queue<J> pending = new ConcurrentLinkedQueue<>();
  private final ExecutorService pool;
  private final Function<J, CompletionStage<?>> runner;
  private final Consumer<J> rejected;

  /**
   * Creates a runner.
   *
   * @param name the thread name prefix
   * @param limit the concurrency limit
   * @param runner runs one job; the permit is released when the returned stage completes
   * @param rejected receives a job that cannot run because the runner was shut down
   */
  KindRunner(String name, int limit, Function<J, CompletionStage<?>> runner, Consumer<J> rejected) {
    this.permits = new Semaphore(limit);
    this.runner = runner;
    this.rejected = rejected;
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            limit,
            limit,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread thread = new Thread(r, name + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
  }

  /**
   * Queues a job; it runs as soon as a permit is free.
   *
   * @param job the job
   */
  void submit(J job) {
    pending.add(job);
    drain();
  }

  /**
   * Removes the jobs that have not started.
   *
   * @return them
   */
  List<J> takePending() {
    List<J> jobs = new ArrayList<>();
    for (J job; (job = pending.poll()) != null; ) {
      jobs.add(job);
    }
    return jobs;
  }

  /** Stops the pool, interrupting running jobs. */
  void shutdownNow() {
    pool.shutdownNow();
  }

  private void run(J job) {
    CompletionStage<?> done;
    try {
      done = runner.apply(job);
    } catch (RuntimeException | Error e) {
      release();
      throw e;
    }
    done.whenComplete((ignored, error) -> release());
  }

  private void release() {
    permits.release();
    drain();
  }

  private void drain() {
    while (!pending.isEmpty() && permits.tryAcquire()) {
      J job = pending.poll();
      if (job == null) {
        permits.release();
        continue;
      }
      try {
        pool.execute(() -> run(job));
      } catch (RejectedExecutionException e) {
        permits.release();
        rejected.accept(job);
      }
    }
  }
}
