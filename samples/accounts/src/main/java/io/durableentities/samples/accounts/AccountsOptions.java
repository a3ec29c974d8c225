package io.durableentities.samples.accounts;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of the accounts sample.
 *
 * @param accounts how many accounts to open
 * @param transfers how many random transfers to run in each phase
 * @param lockedTransfers how many transfers to run as locked orchestrations on the scheduler
 * @param initialCents the opening balance of each account, in cents
 * @param seed the seed of the random transfer generator, so that a run can be repeated
 * @param mode which phases to run
 * @param connection a Durable Task connection string, or null to start the embedded scheduler
 * @param dataDir where the embedded scheduler keeps its data
 */
public record AccountsOptions(
    int accounts,
    int transfers,
    int lockedTransfers,
    long initialCents,
    long seed,
    Mode mode,
    String connection,
    Path dataDir) {

  /** Which phases a run has. */
  public enum Mode {
    /** In memory, then on a scheduler. */
    BOTH,
    /** Only in memory, through the entity tester. */
    MEMORY,
    /** Only on a scheduler. */
    SCHEDULER
  }

  /** Defaults that finish well within a minute on a 2-core machine. */
  public static final AccountsOptions DEFAULTS =
      new AccountsOptions(100, 5_000, 200, 100_00, 42, Mode.BOTH, null, Path.of("accounts-data"));

  /** Validates the values. */
  public AccountsOptions {
    if (accounts < 2) {
      throw new IllegalArgumentException("--accounts must be at least 2, was " + accounts);
    }
    if (transfers < 0) {
      throw new IllegalArgumentException("--transfers must not be negative, was " + transfers);
    }
    if (lockedTransfers < 0) {
      throw new IllegalArgumentException("--locked must not be negative, was " + lockedTransfers);
    }
    if (initialCents < 0) {
      throw new IllegalArgumentException("--initial must not be negative, was " + initialCents);
    }
    if (mode == null || dataDir == null) {
      throw new IllegalArgumentException("mode and dataDir are required");
    }
  }

  /**
   * Options for an in-memory run.
   *
   * @param accounts how many accounts
   * @param transfers how many transfers
   * @param initialCents the opening balance of each account
   * @param seed the random seed
   * @return the options
   */
  public static AccountsOptions inMemory(
      int accounts, int transfers, long initialCents, long seed) {
    return new AccountsOptions(
        accounts, transfers, 0, initialCents, seed, Mode.MEMORY, null, DEFAULTS.dataDir());
  }

  /**
   * Parses the command line; every option is optional. Without {@code --connection}, the connection
   * string comes from {@code DURABLE_CONNECTION} or {@code DTS_CONNECTION_STRING}.
   *
   * @param environment the environment variables
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on an unknown option or a bad value, with the usage
   */
  public static AccountsOptions parse(Map<String, String> environment, String... args) {
    int accounts = DEFAULTS.accounts();
    int transfers = DEFAULTS.transfers();
    int locked = DEFAULTS.lockedTransfers();
    long initial = DEFAULTS.initialCents();
    long seed = DEFAULTS.seed();
    Mode mode = DEFAULTS.mode();
    String connection = environment.get("DURABLE_CONNECTION");
    if (connection == null || connection.isBlank()) {
      connection = environment.get("DTS_CONNECTION_STRING");
    }
    Path dataDir = DEFAULTS.dataDir();
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
        case "--locked" -> locked = (int) number(option, value);
        case "--initial" -> initial = number(option, value);
        case "--seed" -> seed = number(option, value);
        case "--mode" -> mode = mode(value);
        case "--connection" -> connection = value;
        case "--data-dir" -> dataDir = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + given + "\n" + usage());
      }
    }
    if (connection != null && connection.isBlank()) {
      connection = null;
    }
    return new AccountsOptions(
        accounts, transfers, locked, initial, seed, mode, connection, dataDir);
  }

  /**
   * Parses the command line with the process environment.
   *
   * @param args the command line
   * @return the options
   */
  public static AccountsOptions parse(String... args) {
    return parse(System.getenv(), args);
  }

  /**
   * Returns the usage text.
   *
   * @return one line per option
   */
  public static String usage() {
    return """
        usage: accounts [--accounts N] [--transfers M] [--locked L] [--initial CENTS] [--seed S]
                        [--mode both|memory|scheduler] [--connection STRING] [--data-dir DIR]
          --accounts    accounts to open (default %d)
          --transfers   random transfers to run in each phase (default %d)
          --locked      transfers to run on the scheduler as orchestrations that lock both
                        accounts (default %d)
          --initial     opening balance per account in cents (default %d)
          --seed        random seed (default %d)
          --mode        both (default): in memory, then on a scheduler; or memory; or scheduler
          --connection  a Durable Task connection string, e.g. Endpoint=http://localhost:8080;\
        Authentication=None
                        (default: DURABLE_CONNECTION or DTS_CONNECTION_STRING; if none is set,
                        the embedded scheduler runs in-process; TASKHUB_NAME picks the task hub)
          --data-dir    where the embedded scheduler keeps its data (default %s); a second run
                        continues from the stored balances"""
        .formatted(
            DEFAULTS.accounts(),
            DEFAULTS.transfers(),
            DEFAULTS.lockedTransfers(),
            DEFAULTS.initialCents(),
            DEFAULTS.seed(),
            DEFAULTS.dataDir());
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--mode takes both, memory or scheduler, was '" + value + "'", e);
    }
  }

  private static long number(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'", e);
    }
  }
}
