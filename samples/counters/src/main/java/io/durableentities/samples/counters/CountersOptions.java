package io.durableentities.samples.counters;

import java.nio.file.Path;
import java.util.Map;

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
   * Parses the command line; every option is optional. Without {@code --connection}, the connection
   * string comes from {@code DURABLE_CONNECTION} or {@code DTS_CONNECTION_STRING}; without any, the
   * embedded scheduler runs in-process.
   *
   * @param environment the environment variables
   * @param args the command line
   * @return the options
   * @throws IllegalArgumentException on {@code --help}, an unknown option or a missing value, with
   *     the usage
   */
  public static CountersOptions parse(Map<String, String> environment, String... args) {
    String connection = environment.get("DURABLE_CONNECTION");
    if (connection == null || connection.isBlank()) {
      connection = environment.get("DTS_CONNECTION_STRING");
    }
    Path dataDir = DEFAULT_DATA_DIR;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException(usage());
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value\n" + usage());
      }
      String value = args[++i];
      switch (option) {
        case "--connection" -> connection = value;
        case "--data-dir" -> dataDir = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + usage());
      }
    }
    return new CountersOptions(
        connection == null || connection.isBlank() ? null : connection, dataDir);
  }

  /**
   * Returns the usage text.
   *
   * @return one line per option
   */
  public static String usage() {
    return """
        usage: counters [--connection STRING] [--data-dir DIR]
          --connection  a Durable Task connection string, e.g. Endpoint=http://localhost:8080;\
        Authentication=None
                        (default: DURABLE_CONNECTION or DTS_CONNECTION_STRING; if none is set,
                        the embedded scheduler runs in-process; TASKHUB_NAME picks the task hub)
          --data-dir    where the embedded scheduler keeps its data (default %s)"""
        .formatted(DEFAULT_DATA_DIR);
  }
}
