package io.durableentities.samples.counters;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * The command line of the counters sample.
 *
 * @param connection a Durable Task connection string, or null to start the embedded scheduler
 * @param dataDir where the embedded scheduler keeps its data
 */
public record CountersOptions(String connection, Path dataDir) {

  /** The default data directory of the embedded scheduler. */
  public static final Path DEFAULT_DATA_DIR = Path.of("counters-data");

  /**
   * Parses a command line without running anything; every option is optional. Without {@code
   * --connection}, the connection string comes from {@code DURABLE_CONNECTION} or {@code
   * DTS_CONNECTION_STRING}; without any, the embedded scheduler runs in-process. {@code
   * CountersApp} runs the same command line with picocli, which also handles {@code --help}.
   *
   * @param environment the environment variables
   * @param args the command line
   * @return the options
   * @throws picocli.CommandLine.ParameterException on an unknown option or a missing value, naming
   *     it
   */
  public static CountersOptions parse(Map<String, String> environment, String... args) {
    CommandLine commandLine = CountersCommand.commandLine(environment, options -> 0);
    commandLine.parseArgs(args);
    return commandLine.<CountersCommand>getCommand().options();
  }
}
