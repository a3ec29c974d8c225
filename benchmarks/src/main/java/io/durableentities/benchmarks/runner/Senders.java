package io.durableentities.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A closed-loop load generator: threads that each send, wait for the answer, and send again. */
final class Senders implements AutoCloseable {

  /** What one sender does per iteration. */
  @FunctionalInterface
  interface Send {
    /**
     * Sends once.
     *
     * @param sender the sender's index
     * @param iteration the sender's iteration, from 0
     * @return false when this sender has nothing more to send
     */
    boolean send(int sender, long iteration) throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private Senders() {}

  /** Starts {@code count} sender threads. */
  static Senders start(int count, String name, Send send) {
    Senders senders = new Senders();
    for (int i = 0; i < count; i++) {
      int sender = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  for (long n = 0; senders.running.get(); n++) {
                    if (!send.send(sender, n)) {
                      return;
                    }
                    senders.sent.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Exception | Error e) {
                  senders.failure.compareAndSet(null, e);
                  senders.running.set(false);
                }
              },
              name + "-" + i);
      t.setDaemon(true);
      senders.threads.add(t);
      t.start();
    }
    return senders;
  }

  /** Sends completed (acknowledged) so far. */
  long sent() {
    return sent.get();
  }

  /** Whether every sender thread has finished (its work done, or stopped by a failure). */
  boolean finished() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /** Stops sending and waits for the threads; rethrows the first failure of a sender. */
  void stopAndJoin() throws InterruptedException {
    running.set(false);
    join();
  }

  /** Waits for the threads to finish on their own; rethrows the first failure of a sender. */
  void join() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " did not finish within 5 minutes");
      }
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("a load generator thread failed: " + t, t);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
