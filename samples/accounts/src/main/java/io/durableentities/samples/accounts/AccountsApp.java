package io.durableentities.samples.accounts;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The accounts sample: opens accounts and runs random transfers between them, then reports.
 *
 * <p>This version runs every account in memory through the entity tester. Run it with {@code java
 * -jar samples/accounts/target/accounts.jar --help} to see the options.
 */
public final class AccountsApp {

  private AccountsApp() {}

  /**
   * Runs the sample.
   *
   * @param args see {@link AccountsOptions#usage()}
   */
  public static void main(String[] args) {
    AccountsOptions options;
    try {
      options = AccountsOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    TransferReport report = runInMemory(options);
    report.print(System.out);
    if (!report.balanced()) {
      System.exit(1);
    }
  }

  /**
   * Opens the accounts in memory and runs the transfers.
   *
   * @param options what to run
   * @return the report
   */
  public static TransferReport runInMemory(AccountsOptions options) {
    InMemoryBank bank = new InMemoryBank(options.accounts(), options.initialCents());
    long before = bank.total();
    SplittableRandom random = new SplittableRandom(options.seed());
    long maxAmount = Math.max(1, options.initialCents() / 2);
    long done = 0;
    long rejected = 0;
    long start = System.nanoTime();
    for (int i = 0; i < options.transfers(); i++) {
      int from = random.nextInt(options.accounts());
      int to = (from + 1 + random.nextInt(options.accounts() - 1)) % options.accounts();
      long amount = 1 + random.nextLong(maxAmount);
      if (bank.transfer(from, to, amount)) {
        done++;
      } else {
        rejected++;
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new TransferReport(
        options.accounts(), done, rejected, elapsed, before, bank.total(), "in memory");
  }
}
