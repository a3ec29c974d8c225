package io.durableentities.samples.accounts;

import java.util.Locale;

/**
 * The command line of the accounts sample.
 *
 * @param accounts how many accounts to open
 * @param transfers how many random transfers to run
 * @param initialCents the opening balance of each account, in cents
 * @param seed the seed of the random transfer generator, so that a run can be repeated
 */
public record AccountsOptions(int accounts, int transfers, long initialCents, long seed) {

  /** Defaults that finish in seconds on a 2-core machine. */
  public static final AccountsOptions DEFAULTS = new AccountsOptions(100, 10_000, 100_00, 42);

  /** Validates the values. */
  public AccountsOptions {
    if (accounts < 2) {
      throw new IllegalArgumentException("--accounts must be at least 2, was " + accounts);
    }
    if (transfers < 0) {
      throw new IllegalArgumentException("--transfers must not be negative, was " + transfers);
    }
    if (initialCents < 0) {
      throw new IllegalArgumentException("--initial must not be negative, was " + initialCents);
    }
  }

  /**
   * Parses {@code --accounts N --transfers M --initial CENTS --seed S}; every option is optional.
   *
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a value that is not a number
   */
  public static AccountsOptions parse(String... args) {
    int accounts = DEFAULTS.accounts();
    int transfers = DEFAULTS.transfers();
    long initial = DEFAULTS.initialCents();
    long seed = DEFAULTS.seed();
    for (int i = 0; i < args.length; i++) {
      String given = args[i];
      String option = given.toLowerCase(Locale.ROOT);
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException(usage());
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + given + " needs a value\n" + usage());
      }
      String value = args[++i];
      switch (option) {
        case "--accounts" -> accounts = (int) number(option, value);
        case "--transfers" -> transfers = (int) number(option, value);
        case "--initial" -> initial = number(option, value);
        case "--seed" -> seed = number(option, value);
        default -> throw new IllegalArgumentException("unknown option " + given + "\n" + usage());
      }
    }
    return new AccountsOptions(accounts, transfers, initial, seed);
  }

  /**
   * Returns the usage text.
   *
   * @return one line per option
   */
  public static String usage() {
    return """
        usage: accounts [--accounts N] [--transfers M] [--initial CENTS] [--seed S]
          --accounts   accounts to open (default %d)
          --transfers  random transfers to run (default %d)
          --initial    opening balance per account in cents (default %d)
          --seed       random seed (default %d)"""
        .formatted(
            DEFAULTS.accounts(), DEFAULTS.transfers(), DEFAULTS.initialCents(), DEFAULTS.seed());
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'", e);
    }
  }
}
