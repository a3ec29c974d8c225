package io.durableentities.samples.accounts;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

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
   * Parses a command line without running anything; every option is optional. Without {@code
   * --connection}, the connection string comes from {@code DURABLE_CONNECTION} or {@code
   * DTS_CONNECTION_STRING}. {@code AccountsApp} runs the same command line with picocli, which also
   * handles {@code --help}.
   *
   * @param environment the environment variables
   * @param args the command line
   * @return the options
   * @throws picocli.CommandLine.ParameterException on an unknown option, a missing value or a bad
   *     value, naming it
   */
  public static AccountsOptions parse(Map<String, String> environment, String... args) {
    CommandLine commandLine = AccountsCommand.commandLine(environment, options -> 0);
    commandLine.parseArgs(args);
    return commandLine.<AccountsCommand>getCommand().options();
  }
}
