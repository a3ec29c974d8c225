package io.durableentities.scheduler.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
      converter = OptionConverters.PortConverter.class,
      description = "gRPC port, 0 for a free one (default: ${DEFAULT-VALUE})")
  private int port;

  @Option(
      names = "--dashboard-port",
      paramLabel = "N",
      defaultValue = "8082",
      converter = OptionConverters.PortConverter.class,
      description = "dashboard port on loopback, 0 for a free one (default: ${DEFAULT-VALUE})")
  private int dashboardPort;

  @Option(names = "--no-dashboard", description = "do not start the dashboard")
  private boolean noDashboard;

  @ArgGroup(exclusive = true)
  private Store store;

  @Option(
      names = "--allow-remote",
      description =
          "allow a non-loopback --host; needs --tls-cert, --tls-key and a token (--auth-token-file"
              + " or $"
              + TOKEN_ENVIRONMENT_VARIABLE
              + "), or --insecure-allow-remote-without-auth")
  private boolean allowRemote;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "serve gRPC over TLS with this PEM certificate chain (with --tls-key)")
  private Path tlsCertificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "the PEM private key (PKCS#8) of --tls-cert")
  private Path tlsKey;

  @Option(
      names = "--auth-token-file",
      paramLabel = "FILE",
      description =
          "require every gRPC call to send 'authorization: Bearer <token>', the token being"
              + " this file's first line (default: $"
              + TOKEN_ENVIRONMENT_VARIABLE
              + " when set)")
  private Path authTokenFile;

  @Option(
      names = "--insecure-allow-remote-without-auth",
      description =
          "with --allow-remote, serve without TLS or a token: ANYONE on the network can read and"
              + " change every entity and orchestration")
  private boolean insecureRemote;

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
      converter = OptionConverters.PositiveConverter.class,
      description =
          "the most task hubs clients may create (each is created on first use and kept)"
              + " (default: ${DEFAULT-VALUE})")
  private int maxTaskHubs;

  @Option(
      names = "--max-resident-entities",
      paramLabel = "N",
      defaultValue = "100000",
      converter = OptionConverters.NonNegativeConverter.class,
      description =
          "the most entities kept in memory: idle ones above it are read from the database when"
              + " used again, and while that many have queued operations, a lock or a batch in"
              + " flight, messages for others stay on disk until room frees"
              + " (default: ${DEFAULT-VALUE})")
  private int maxResidentEntities;

  @Option(
      names = "--instance-retention",
      paramLabel = "TIME",
      converter = OptionConverters.DurationConverter.class,
      description =
          "purge finished orchestration instances and their history this long after they"
              + " finished (e.g. 90s, 15m, 24h, 7d; default: keep until purged)")
  private Duration instanceRetention;

  @Option(
      names = "--clean-entity-storage-interval",
      paramLabel = "TIME",
      converter = OptionConverters.DurationConverter.class,
      description =
          "this often, remove entities with no state, lock or queue and release orphaned locks,"
              + " in small batches (e.g. 1h; default: never)")
  private Duration cleanEntityStorageInterval;

  @Option(
      names = "--dedup-window",
      paramLabel = "TIME",
      defaultValue = "1h",
      converter = OptionConverters.DurationConverter.class,
      description =
          "how long signal request ids are remembered to drop duplicates; each takes about 15"
              + " bytes of memory (e.g. 10m; default: ${DEFAULT-VALUE})")
  private Duration dedupWindow;

  @Option(
      names = "--record-requests",
      paramLabel = "FILE",
      description =
          "append every gRPC request to FILE as a line of JSON (RPC, headers with credentials"
              + " redacted, the request as protobuf JSON), to see what a client or worker sends;"
              + " holds inputs and states in clear text (default: off)")
  private Path recordRequests;

  /** The environment variable holding the token when {@code --auth-token-file} is not given. */
  public static final String TOKEN_ENVIRONMENT_VARIABLE = "DURABLE_SCHEDULER_AUTH_TOKEN";

  private final Action action;
  private final Function<String, String> environment;

  private SchedulerCommand(Action action, Function<String, String> environment) {
    this.action = Objects.requireNonNull(action, "action");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /**
   * The command line that runs {@code action} when the arguments are valid.
   *
   * @param action what runs with the parsed arguments
   * @return a new command line, to {@link CommandLine#execute execute} once
   */
  public static CommandLine commandLine(Action action) {
    return commandLine(action, System::getenv);
  }

  /**
   * The command line that runs {@code action}, reading environment variables through {@code
   * environment}.
   *
   * @param action what runs with the parsed arguments
   * @param environment returns the value of an environment variable, or null
   * @return a new command line, to {@link CommandLine#execute execute} once
   */
  public static CommandLine commandLine(Action action, Function<String, String> environment) {
    return new CommandLine(new SchedulerCommand(action, environment))
        .setOverwrittenOptionsAllowed(true);
  }

  /**
   * The parsed arguments, checked.
   *
   * @return the arguments
   * @throws ParameterException for a non-loopback {@code --host} without {@code --allow-remote}, or
   *     with it but without TLS and a token (unless {@code --insecure-allow-remote-without-auth}),
   *     for only one of {@code --tls-cert} and {@code --tls-key}, or for a token file that cannot
   *     be read
   */
  CliArgs args() {
    boolean remote = host != null && !CliArgs.isLoopback(host);
    if (remote && !allowRemote) {
      throw new ParameterException(
          spec.commandLine(),
          "--host "
              + host
              + " is not a loopback address; add --allow-remote to accept connections from other"
              + " machines (with --tls-cert, --tls-key and --auth-token-file)");
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new ParameterException(
          spec.commandLine(), "--tls-cert and --tls-key go together; give both or neither");
    }
    String authToken = authToken();
    if (remote && !insecureRemote && (tlsCertificate == null || authToken == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "--allow-remote needs TLS (--tls-cert and --tls-key) and a token (--auth-token-file, or"
              + " $"
              + TOKEN_ENVIRONMENT_VARIABLE
              + "), so that only your workers and clients can reach the scheduler; to serve"
              + " anyone on the network without them, add --insecure-allow-remote-without-auth");
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
        maxTaskHubs,
        tlsCertificate,
        tlsKey,
        authToken,
        insecureRemote,
        maxResidentEntities,
        instanceRetention,
        cleanEntityStorageInterval,
        dedupWindow,
        recordRequests);
  }

  /** The token from {@code --auth-token-file}, else the environment, else null. */
  private String authToken() {
    if (authTokenFile == null) {
      String fromEnvironment = environment.apply(TOKEN_ENVIRONMENT_VARIABLE);
      return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
    }
    try {
      String first =
          Files.readAllLines(authTokenFile, StandardCharsets.UTF_8).stream()
              .findFirst()
              .orElse("")
              .trim();
      if (first.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "--auth-token-file " + authTokenFile + " is empty");
      }
      return first;
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--auth-token-file " + authTokenFile + " cannot be read: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    return action.run(args());
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
