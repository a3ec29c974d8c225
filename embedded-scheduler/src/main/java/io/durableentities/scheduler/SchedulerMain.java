package io.durableentities.scheduler;

import io.durableentities.scheduler.internal.cli.CliArgs;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Runs the scheduler as a process.
 *
 * <pre>
 * java -jar embedded-scheduler.jar [--host H] [--port 8080] [--dashboard-port 8082] [--no-dashboard]
 *     [--data-dir DIR | --in-memory] [--allow-remote] [--check-integrity]
 * </pre>
 *
 * <p>By default it listens on {@code 127.0.0.1} and {@code ::1}, port 8080, and stores data in
 * {@code .durable-data}, and serves the web dashboard on {@code http://localhost:8082/} (loopback
 * only). It prints the connection string to use, and on SIGTERM (or Ctrl-C) it stops accepting
 * calls, writes what is queued and closes the database. Unknown or invalid options exit with status
 * 2 and the usage text.
 */
public final class SchedulerMain {

  private SchedulerMain() {}

  /** Starts the scheduler and blocks until the process is asked to stop. */
  public static void main(String[] args) throws InterruptedException {
    Optional<CliArgs> parsed = parse(args, System.err);
    if (parsed.isEmpty()) {
      System.exit(2);
      return;
    }
    CliArgs cli = parsed.get();
    if (cli.help()) {
      System.out.println(CliArgs.USAGE);
      return;
    }
    EmbeddedScheduler scheduler;
    try {
      scheduler = EmbeddedScheduler.start(options(cli));
    } catch (RuntimeException e) {
      System.err.println("Could not start the scheduler: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(scheduler::close, "scheduler-shutdown"));
    printBanner(cli, scheduler, System.out);
    scheduler.awaitTermination();
  }

  /** Parses the command line; on error prints the problem and the usage text to {@code err}. */
  static Optional<CliArgs> parse(String[] args, PrintStream err) {
    try {
      return Optional.of(CliArgs.parse(args));
    } catch (CliArgs.UsageException e) {
      err.println("Error: " + e.getMessage());
      err.println(CliArgs.USAGE);
      return Optional.empty();
    }
  }

  /** The scheduler options a command line asks for. */
  static SchedulerOptions options(CliArgs cli) {
    SchedulerOptions.Builder b =
        SchedulerOptions.newBuilder()
            .port(cli.port())
            .host(cli.host())
            .integrityCheck(cli.checkIntegrity());
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
    if (cli.host() != null && !CliArgs.isLoopback(cli.host())) {
      out.println(
          "WARNING: listening on "
              + cli.host()
              + " without authentication: anyone who can reach this port can read and change"
              + " every entity.");
    }
    out.println("Durable Entities embedded scheduler listening on " + scheduler.addresses());
    out.println("Port: " + scheduler.port());
    out.println(
        "Store: "
            + (scheduler.options().inMemory()
                ? "in memory (nothing survives a restart)"
                : scheduler.options().dataDir().toAbsolutePath()));
    scheduler.dashboardUrl().ifPresent(url -> out.println("Dashboard: " + url));
    out.println("Connection string: " + scheduler.connectionString());
    out.flush();
  }
}
