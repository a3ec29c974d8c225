package io.durableentities.scheduler;

import io.durableentities.scheduler.internal.cli.CliArgs;
import io.durableentities.scheduler.internal.cli.SchedulerCommand;
import java.io.PrintStream;

/**
 * Runs the scheduler as a process.
 *
 * <pre>
 * java -jar embedded-scheduler.jar [--host H] [--port 8080] [--dashboard-port 8082] [--no-dashboard]
 *     [--data-dir DIR | --in-memory] [--allow-remote] [--tls-cert FILE --tls-key FILE]
 *     [--auth-token-file FILE] [--insecure-allow-remote-without-auth] [--check-integrity]
 *     [--help] [--version]
 * </pre>
 *
 * <p>By default it listens on {@code 127.0.0.1} and {@code ::1}, port 8080, and stores data in
 * {@code .durable-data}, and serves the web dashboard on {@code http://localhost:8082/} (loopback
 * only). It prints the connection string to use, and on SIGTERM (or Ctrl-C) it stops accepting
 * calls, writes what is queued and closes the database. The command line is picocli's: unknown or
 * invalid options print the problem and the usage text to stderr and exit with status 2; {@code
 * --help} and {@code --version} print to stdout and exit with 0. It needs picocli on the class path
 * (the jar has it; for in-process users it is an optional dependency).
 */
public final class SchedulerMain {

  private static final String JETTY_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.eclipse.jetty";

  private SchedulerMain() {}

  /**
   * Starts the scheduler and blocks until the process is asked to stop.
   *
   * @param args the command line; {@code --help} lists the options
   */
  public static void main(String[] args) {
    // The jar logs through slf4j-simple at INFO; Jetty's start and stop lines (the dashboard's
    // HTTP server) are noise there. Set before the first logger exists; -D still overrides.
    if (System.getProperty(JETTY_LOG_LEVEL) == null) {
      System.setProperty(JETTY_LOG_LEVEL, "warn");
    }
    int status = SchedulerCommand.commandLine(SchedulerMain::run).execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the scheduler a valid command line asks for until it is closed; returns the status. */
  static int run(CliArgs cli) throws InterruptedException {
    EmbeddedScheduler scheduler;
    try {
      scheduler = EmbeddedScheduler.start(options(cli));
    } catch (RuntimeException e) {
      System.err.println("Could not start the scheduler: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
    printBanner(cli, scheduler, System.out);
    scheduler.awaitTermination();
    return 0;
  }

  /** The scheduler options a command line asks for. */
  static SchedulerOptions options(CliArgs cli) {
    SchedulerOptions.Builder b =
        SchedulerOptions.newBuilder()
            .port(cli.port())
            .host(cli.host())
            .integrityCheck(cli.checkIntegrity())
            .allowedTaskHubs(cli.allowedTaskHubs())
            .maxTaskHubs(cli.maxTaskHubs())
            .authToken(cli.authToken())
            .insecureAllowRemoteWithoutAuth(cli.insecureRemote())
            .maxResidentEntities(cli.maxResidentEntities())
            .instanceRetention(cli.instanceRetention())
            .cleanEntityStorageInterval(cli.cleanEntityStorageInterval())
            .dedupWindow(cli.dedupWindow())
            .recordRequests(cli.recordRequests());
    if (cli.tlsCertificate() != null) {
      b.tls(cli.tlsCertificate(), cli.tlsKey());
    }
    if (cli.dashboard()) {
      b.dashboardPort(cli.dashboardPort());
    }
    if (cli.inMemory()) {
      b.inMemory();
    } else if (cli.dataDir() != null) {
      b.dataDir(cli.dataDir());
    }
    return b.build();
  }

  static void printBanner(CliArgs cli, EmbeddedScheduler scheduler, PrintStream out) {
    SchedulerOptions options = scheduler.options();
    if (options.remote()
        && (options.tlsCertificateChain().isEmpty() || options.authToken().isEmpty())) {
      out.println(
          "WARNING: INSECURE: listening on "
              + cli.host()
              + " without "
              + (options.tlsCertificateChain().isEmpty() ? "TLS" : "")
              + (options.tlsCertificateChain().isEmpty() && options.authToken().isEmpty()
                  ? " and "
                  : "")
              + (options.authToken().isEmpty() ? "authentication" : "")
              + " (--insecure-allow-remote-without-auth): anyone who can reach this port can read"
              + " and change every entity and orchestration.");
    }
    out.println("Durable Entities embedded scheduler listening on " + scheduler.addresses());
    out.println("Port: " + scheduler.port());
    out.println(
        "Store: "
            + (scheduler.options().inMemory()
                ? "in memory (nothing survives a restart)"
                : scheduler.options().dataDir().toAbsolutePath()));
    scheduler.dashboardUrl().ifPresent(url -> out.println("Dashboard: " + url));
    String connection = scheduler.connectionString();
    out.println(
        "Connection string: "
            + options
                .authToken()
                .map(t -> connection.replace("Token=" + t, "Token=<your token>"))
                .orElse(connection));
    out.flush();
  }
}
