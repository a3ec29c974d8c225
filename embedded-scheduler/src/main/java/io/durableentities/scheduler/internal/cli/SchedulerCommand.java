package io.durableentities.scheduler.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The picocli definition of {@code java -jar embedded-scheduler.jar}: its options, help and
 * version. {@link #commandLine} gives the command line {@code SchedulerMain} executes: usage errors
 * go to stderr with the usage text and exit status 2, {@code --help} and {@code --version} to
 * stdout with status 0, and a valid command line runs the action with the parsed {@link CliArgs}.
 * An option given twice takes its last value.
 */
@Command(
    name = "java -jar embedded-scheduler.jar",
    mixinStandardHelpOptions = true,
    versionProvider = SchedulerCommand.Version.class,
    sortOptions = false,
    description = {
      "Runs the Durable Entities embedded scheduler, a Durable Task sidecar back end persisted in"
          + " SQLite. It prints the connection string for workers and clients; SIGTERM or Ctrl-C"
          + " stops it after writing what is queued.",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:--help or --version",
      "1:could not start (a port or the data directory in use, ...)",
      "2:invalid command line"
    })
public final class SchedulerCommand implements Callable<Integer> {

  /** What runs once the command line is valid. */
  @FunctionalInterface
  public interface Action {
    /**
     * Runs the scheduler.
     *
     * @param args the parsed command line
     * @return the exit status
     * @throws Exception a failure, reported with its stack trace and exit status 1
     */
    int run(CliArgs args) throws Exception;
  }

  /** The store options, of which at most one may be given. */
  static final class Store {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "where the database lives (default: .durable-data)")
    Path dataDir;

    @Option(
        names = "--in-memory",
        description = "keep everything in memory; nothing survives a restart")
    boolean inMemory;
  }

  @Spec private CommandSpec spec;

  @Option(
      names = "--host",
      paramLabel = "H",
      description = "listen on H only (default: 127.0.0.1 and ::1)")
  private String host;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      converter = PortConverter.class,
      description = "gRPC port, 0 for a free one (default: ${DEFAULT-VALUE})")
  private int port;

  @Option(
      names = "--dashboard-port",
      paramLabel = "N",
      defaultValue = "8082",
      converter = PortConverter.class,
      description = "dashboard port on loopback, 0 for a free one (default: ${DEFAULT-VALUE})")
  private int dashboardPort;

  @Option(names = "--no-dashboard", description = "do not start the dashboard")
  private boolean noDashboard;

  @ArgGroup(exclusive = true)
  private Store store;

  @Option(
      names = "--allow-remote",
      description = "allow a non-loopback --host (there is NO authentication)")
  private boolean allowRemote;

  @Option(
      names = "--check-integrity",
      description =
          "check the database (PRAGMA integrity_check) before serving; a damaged one is"
              + " refused, naming the problems")
  private boolean checkIntegrity;

  @Option(
      names = "--allowed-task-hubs",
      paramLabel = "NAME",
      split = ",",
      description =
          "serve only these task hubs (comma-separated; a client without a taskhub header uses"
              + " 'default'); others are refused (default: any name)")
  private List<String> allowedTaskHubs = new ArrayList<>();

  @Option(
      names = "--max-task-hubs",
      paramLabel = "N",
      defaultValue = "1000",
      converter = PositiveConverter.class,
      description =
          "the most task hubs clients may create (each is created on first use and kept)"
              + " (default: ${DEFAULT-VALUE})")
  private int maxTaskHubs;

  private final Action action;

  private SchedulerCommand(Action action) {
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * The command line that runs {@code action} when the arguments are valid.
   *
   * @param action what runs with the parsed arguments
   * @return a new command line, to {@link CommandLine#execute execute} once
   */
  public static CommandLine commandLine(Action action) {
    return new CommandLine(new SchedulerCommand(action)).setOverwrittenOptionsAllowed(true);
  }

  /**
   * The parsed arguments, checked.
   *
   * @return the arguments
   * @throws ParameterException for a non-loopback {@code --host} without {@code --allow-remote}
   */
  CliArgs args() {
    if (host != null && !allowRemote && !CliArgs.isLoopback(host)) {
      throw new ParameterException(
          spec.commandLine(),
          "--host "
              + host
              + " is not a loopback address; add --allow-remote to accept connections from other"
              + " machines (there is no authentication)");
    }
    return new CliArgs(
        host,
        port,
        dashboardPort,
        !noDashboard,
        store == null ? null : store.dataDir,
        store != null && store.inMemory,
        allowRemote,
        checkIntegrity,
        List.copyOf(allowedTaskHubs),
        maxTaskHubs);
  }

  @Override
  public Integer call() throws Exception {
    return action.run(args());
  }

  /** Reads a port number, 0..65535. */
  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "must be a port number 0..65535, was '" + value + "'");
    }
  }

  /** Reads a positive number. */
  static final class PositiveConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "must be a positive number, was '" + value + "'");
    }
  }

  /** The version from the Maven descriptor packaged in the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    private static final String DESCRIPTOR =
        "/META-INF/maven/io.durableentities/embedded-scheduler/pom.properties";

    @Override
    public String[] getVersion() {
      try (InputStream in = SchedulerCommand.class.getResourceAsStream(DESCRIPTOR)) {
        if (in == null) {
          return new String[] {"embedded-scheduler (version unknown: not run from its jar)"};
        }
        Properties descriptor = new Properties();
        descriptor.load(in);
        return new String[] {"embedded-scheduler " + descriptor.getProperty("version")};
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read " + DESCRIPTOR, e);
      }
    }
  }
}
