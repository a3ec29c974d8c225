package io.durableentities.scheduler.internal.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * The command line of {@code java -jar embedded-scheduler.jar}, parsed and validated.
 *
 * @param host the host to listen on, or null for both loopback addresses
 * @param dataDir the data directory, or null for the default
 * @param checkIntegrity whether to run {@code PRAGMA integrity_check} before serving
 */
public record CliArgs(
    String host,
    int port,
    int dashboardPort,
    boolean dashboard,
    Path dataDir,
    boolean inMemory,
    boolean allowRemote,
    boolean help,
    boolean checkIntegrity) {

  /** The usage text. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar embedded-scheduler.jar [options]",
          "",
          "  --host H            listen on H only (default: 127.0.0.1 and ::1)",
          "  --port N            gRPC port, 0 for a free one (default: 8080)",
          "  --dashboard-port N  dashboard port on loopback, 0 for a free one (default: 8082)",
          "  --no-dashboard      do not start the dashboard",
          "  --data-dir DIR      where the database lives (default: .durable-data)",
          "  --in-memory         keep everything in memory; nothing survives a restart",
          "  --allow-remote      allow a non-loopback --host (there is NO authentication)",
          "  --check-integrity   check the database (PRAGMA integrity_check) before serving;",
          "                      a damaged one is refused, naming the problems",
          "  --help              print this text");

  /** A command line that cannot be run; the message says why. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses a command line.
   *
   * @throws UsageException for an unknown flag, a missing or bad value, conflicting flags, or a
   *     non-loopback host without {@code --allow-remote}
   */
  public static CliArgs parse(String... args) throws UsageException {
    String host = null;
    int port = 8080;
    int dashboardPort = 8082;
    boolean dashboard = true;
    Path dataDir = null;
    boolean inMemory = false;
    boolean allowRemote = false;
    boolean help = false;
    boolean checkIntegrity = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = port(value(args, ++i, a), a);
        case "--dashboard-port" -> dashboardPort = port(value(args, ++i, a), a);
        case "--no-dashboard" -> dashboard = false;
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
        case "--in-memory" -> inMemory = true;
        case "--allow-remote" -> allowRemote = true;
        case "--help", "-h" -> help = true;
        case "--check-integrity" -> checkIntegrity = true;
        default -> throw new UsageException("Unknown option '" + a + "'");
      }
    }
    if (inMemory && dataDir != null) {
      throw new UsageException("--data-dir and --in-memory exclude each other");
    }
    if (host != null && !allowRemote && !isLoopback(host)) {
      throw new UsageException(
          "--host "
              + host
              + " is not a loopback address; add --allow-remote to accept connections from other"
              + " machines (there is no authentication)");
    }
    return new CliArgs(
        host, port, dashboardPort, dashboard, dataDir, inMemory, allowRemote, help, checkIntegrity);
  }

  /** Whether {@code host} is a loopback name or address. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String value(String[] args, int i, String flag) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return args[i];
  }

  private static int port(String value, String flag) throws UsageException {
    try {
      int p = Integer.parseInt(value);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(flag + " must be a port number 0..65535, was '" + value + "'");
  }
}
