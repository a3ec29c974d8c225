package io.durableentities.samples.accounts;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The picocli definition of the accounts sample's command line. Option names are case-insensitive,
 * and so are the values of {@code --mode}. Usage errors go to stderr with the usage text and exit
 * status 2; {@code --help} goes to stdout with status 0. An option given twice takes its last
 * value.
 */
@Command(
    name = "accounts",
    sortOptions = false,
    description = {
      "Opens accounts and runs random transfers between them, in memory through the entity"
          + " tester, then on a Durable Task scheduler, and reports each phase.",
      ""
    },
    footer = {
      "%nAgainst a scheduler on this machine (the scheduler jar or the DTS emulator):",
      "  --connection \"Endpoint=http://localhost:8080;Authentication=None\""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every phase kept the total balance, or --help",
      "1:a phase lost or created money, or failed",
      "2:invalid command line"
    })
final class AccountsCommand implements Callable<Integer> {

  /** What runs once the command line is valid. */
  @FunctionalInterface
  interface Action {
    /**
     * Runs the sample.
     *
     * @param options the parsed options
     * @return the exit status
     * @throws Exception a failure, reported with its stack trace and exit status 1
     */
    int run(AccountsOptions options) throws Exception;
  }

  private static final AccountsOptions DEFAULTS = AccountsOptions.DEFAULTS;

  @Spec private CommandSpec spec;

  @Option(
      names = "--accounts",
      paramLabel = "N",
      description = "accounts to open (default: ${DEFAULT-VALUE})")
  private int accounts = DEFAULTS.accounts();

  @Option(
      names = "--transfers",
      paramLabel = "M",
      description = "random transfers to run in each phase (default: ${DEFAULT-VALUE})")
  private int transfers = DEFAULTS.transfers();

  @Option(
      names = "--locked",
      paramLabel = "L",
      description =
          "transfers to run on the scheduler as orchestrations that lock both accounts"
              + " (default: ${DEFAULT-VALUE})")
  private int locked = DEFAULTS.lockedTransfers();

  @Option(
      names = "--initial",
      paramLabel = "CENTS",
      description = "opening balance per account in cents (default: ${DEFAULT-VALUE})")
  private long initial = DEFAULTS.initialCents();

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "random seed (default: ${DEFAULT-VALUE})")
  private long seed = DEFAULTS.seed();

  @Option(
      names = "--mode",
      paramLabel = "both|memory|scheduler",
      description = "both (default): in memory, then on a scheduler; or memory; or scheduler")
  private AccountsOptions.Mode mode = DEFAULTS.mode();

  @Option(
      names = "--connection",
      paramLabel = "STRING",
      description = {
        "a Durable Task connection string (default: DURABLE_CONNECTION"
            + " or DTS_CONNECTION_STRING; if none is set, the embedded scheduler runs in-process;"
            + " TASKHUB_NAME picks the task hub)"
      })
  private String connection;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "where the embedded scheduler keeps its data (default: ${DEFAULT-VALUE}); a second run"
              + " continues from the stored balances")
  private Path dataDir = DEFAULTS.dataDir();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  private final Map<String, String> environment;
  private final Action action;

  private AccountsCommand(Map<String, String> environment, Action action) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * The command line that runs {@code action} when the arguments are valid.
   *
   * @param environment the environment variables, for the connection string's fallbacks
   * @param action what runs with the parsed options
   * @return a new command line, to {@link CommandLine#execute execute} once
   */
  static CommandLine commandLine(Map<String, String> environment, Action action) {
    return new CommandLine(new AccountsCommand(environment, action))
        .setOverwrittenOptionsAllowed(true)
        .setOptionsCaseInsensitive(true)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * The parsed options, checked; without {@code --connection}, the connection string comes from
   * {@code DURABLE_CONNECTION}, else {@code DTS_CONNECTION_STRING}; a blank one means none.
   *
   * @throws ParameterException for a value {@link AccountsOptions} rejects
   */
  AccountsOptions options() {
    String chosen = connection;
    if (chosen == null) {
      chosen = environment.get("DURABLE_CONNECTION");
      if (chosen == null || chosen.isBlank()) {
        chosen = environment.get("DTS_CONNECTION_STRING");
      }
    }
    if (chosen != null && chosen.isBlank()) {
      chosen = null;
    }
    try {
      return new AccountsOptions(accounts, transfers, locked, initial, seed, mode, chosen, dataDir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    return action.run(options());
  }
}
