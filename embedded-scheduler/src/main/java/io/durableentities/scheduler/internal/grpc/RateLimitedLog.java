package io.durableentities.scheduler.internal.grpc;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Writes at most one line per kind of event per interval, so that a caller who repeats a bad
 * request cannot flood the log: the first event of a kind is written, the next ones within the
 * interval are counted, and the next line written says how many were left out. Kinds are fixed
 * words chosen by the scheduler (never caller input), so the table stays small.
 */
final class RateLimitedLog {

  /** The default interval between two lines of one kind. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final Consumer<String> sink;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * Creates a log.
   *
   * @param sink writes one line (e.g. a logger's {@code warn})
   * @param interval the least time between two lines of one kind
   * @param nanoClock the time in nanoseconds ({@code System::nanoTime})
   */
  RateLimitedLog(Consumer<String> sink, Duration interval, LongSupplier nanoClock) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.intervalNanos = interval.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Writes {@code line} unless a line of {@code kind} was written within the interval, in which
   * case it is only counted.
   *
   * @param kind a fixed word naming the kind of event
   * @param line the line, which must not carry unbounded caller input
   */
  void log(String kind, String line) {
    String written = windows.computeIfAbsent(kind, k -> new Window()).admit(line);
    if (written != null) {
      sink.accept(written);
    }
  }

  /** The events of one kind: when a line was last written, and how many were left out since. */
  private final class Window {
    private boolean started;
    private long lastWritten;
    private long suppressed;

    /** Returns the line to write, or null when this event is only counted. */
    synchronized String admit(String line) {
      long now = nanoClock.getAsLong();
      if (started && now - lastWritten < intervalNanos) {
        suppressed++;
        return null;
      }
      String out =
          suppressed == 0
              ? line
              : line
                  + " ("
                  + suppressed
                  + " more like it since the last such line were not logged)";
      started = true;
      lastWritten = now;
      suppressed = 0;
      return out;
    }
  }
}
