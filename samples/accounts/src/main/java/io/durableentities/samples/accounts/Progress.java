package io.durableentities.samples.accounts;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Live progress of a long phase: a bar redrawn in place on a terminal, a line every few seconds
 * otherwise (logs, CI).
 */
final class Progress {

  private static final long LINE_INTERVAL_NANOS = 2_000_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private final long total;
  private final long start = System.nanoTime();
  private long lastLine = start;

  Progress(PrintStream out, boolean terminal, String label, long total) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
    this.total = total;
  }

  void update(long done) {
    long now = System.nanoTime();
    double rate = done / Math.max(1e-9, (now - start) / 1e9);
    if (terminal) {
      int filled = total == 0 ? WIDTH : (int) (WIDTH * Math.min(done, total) / total);
      out.printf(
          Locale.ROOT,
          "\r%s [%s%s] %,d/%,d %,.0f/s",
          label,
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          done,
          total,
          rate);
      out.flush();
    } else if (now - lastLine >= LINE_INTERVAL_NANOS || done >= total) {
      lastLine = now;
      out.printf(Locale.ROOT, "%s %,d/%,d (%,.0f/s)%n", label, done, total, rate);
    }
  }

  void finish() {
    if (terminal) {
      out.println();
    }
  }
}
