package io.durableentities.samples.counters;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The picocli definition of the counters sample's command line. Usage errors go to stderr with the
 * usage text and exit status 2; {@code --help} goes to stdout with status 0. An option given twice
 * takes its last value.
 */
@Command(
    name = "counters",
    sortOptions = false,
    description = {
      "A tour of every way to reach an entity: signals, a scheduled signal, client calls, an"
          + " orchestration, concurrent senders and a state machine, on a Durable Task scheduler.",
      ""
    },
    footer = {
      "%nAgainst a scheduler on this machine (the scheduler jar or the DTS emulator):",
      "  --connection \"Endpoint=http://localhost:8080;Authentication=None\""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the tour ran, or --help", "1:a step failed", "2:invalid command line"})
final class CountersCommand implements Callable<Integer> {

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
    int run(CountersOptions options) throws Exception;
  }

  @Option(
      names = "--connection",
      paramLabel = "STRING",
      description =
          "a Durable Task connection string (default: DURABLE_CONNECTION"
              + " or DTS_CONNECTION_STRING; if none is set, the embedded scheduler runs in-process;"
              + " TASKHUB_NAME picks the task hub)")
  private String connection;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "where the embedded scheduler keeps its data (default: ${DEFAULT-VALUE})")
  private Path dataDir = CountersOptions.DEFAULT_DATA_DIR;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  private final Map<String, String> environment;
  private final Action action;

  private CountersCommand(Map<String, String> environment, Action action) {
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
    return new CommandLine(new CountersCommand(environment, action))
        .setOverwrittenOptionsAllowed(true);
  }

  /**
   * The parsed options; without {@code --connection}, the connection string comes from {@code
   * DURABLE_CONNECTION}, else {@code DTS_CONNECTION_STRING}; a blank one means none.
   */
  CountersOptions options() {
    String chosen = connection;
    if (chosen == null) {
      chosen = environment.get("DURABLE_CONNECTION");
      if (chosen == null || chosen.isBlank()) {
        chosen = environment.get("DTS_CONNECTION_STRING");
      }
    }
    return new CountersOptions(chosen == null || chosen.isBlank() ? null : chosen, dataDir);
  }

  @Override
  public Integer call() throws Exception {
    return action.run(options());
  }
}
