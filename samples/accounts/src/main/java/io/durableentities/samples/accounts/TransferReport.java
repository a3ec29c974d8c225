package io.durableentities.samples.accounts;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * What a run of the accounts sample did.
 *
 * @param accounts accounts that took part
 * @param done transfers that moved money
 * @param rejected transfers refused for insufficient funds
 * @param elapsed wall-clock time of the transfers
 * @param totalBefore the sum of all balances before, in cents
 * @param totalAfter the sum of all balances after, in cents
 * @param where where the data lives
 * @param slowest the slowest single transfer, or null when transfers are not timed one by one
 */
public record TransferReport(
    int accounts,
    long done,
    long rejected,
    Duration elapsed,
    long totalBefore,
    long totalAfter,
    String where,
    Duration slowest) {

  /**
   * A report without per-transfer timing.
   *
   * @param accounts accounts that took part
   * @param done transfers that moved money
   * @param rejected transfers refused for insufficient funds
   * @param elapsed wall-clock time of the transfers
   * @param totalBefore the sum of all balances before, in cents
   * @param totalAfter the sum of all balances after, in cents
   * @param where where the data lives
   */
  public TransferReport(
      int accounts,
      long done,
      long rejected,
      Duration elapsed,
      long totalBefore,
      long totalAfter,
      String where) {
    this(accounts, done, rejected, elapsed, totalBefore, totalAfter, where, null);
  }

  /**
   * Whether money was conserved.
   *
   * @return true when the total after equals the total before
   */
  public boolean balanced() {
    return totalBefore == totalAfter;
  }

  /**
   * Transfers (done and rejected) per second of elapsed time.
   *
   * @return the throughput
   */
  public double throughput() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds == 0 ? 0 : (done + rejected) / seconds;
  }

  /**
   * Prints the report as aligned lines.
   *
   * @param out where to print
   */
  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "accounts       %,d%n", accounts);
    out.printf(Locale.ROOT, "transfers done %,d%n", done);
    out.printf(Locale.ROOT, "rejected       %,d (insufficient funds)%n", rejected);
    out.printf(Locale.ROOT, "elapsed        %.3f s%n", elapsed.toNanos() / 1e9);
    out.printf(Locale.ROOT, "throughput     %,.0f transfers/s%n", throughput());
    if (slowest != null) {
      out.printf(Locale.ROOT, "slowest        %.1f ms%n", slowest.toNanos() / 1e6);
    }
    out.printf(Locale.ROOT, "total before   %s%n", money(totalBefore));
    out.printf(
        Locale.ROOT,
        "total after    %s %s%n",
        money(totalAfter),
        balanced() ? "(equal)" : "(MISMATCH: money was created or lost)");
    out.printf(Locale.ROOT, "data           %s%n", where);
  }

  static String money(long cents) {
    return String.format(Locale.ROOT, "%,d.%02d", cents / 100, Math.abs(cents % 100));
  }
}
