package io.durableentities.scheduler.internal.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * The command line of {@code java -jar embedded-scheduler.jar}, parsed and validated by {@link
 * SchedulerCommand}.
 *
 * @param host the host to listen on, or null for both loopback addresses
 * @param port the gRPC port, 0 for a free one
 * @param dashboardPort the dashboard's port on loopback, 0 for a free one
 * @param dashboard whether to serve the dashboard
 * @param dataDir the data directory, or null for the default
 * @param inMemory whether to keep everything in memory
 * @param allowRemote whether a non-loopback host is allowed
 * @param checkIntegrity whether to run {@code PRAGMA integrity_check} before serving
 * @param allowedTaskHubs the only task hubs served; empty serves any
 * @param maxTaskHubs the most task hubs the scheduler holds
 * @param tlsCertificate the PEM certificate chain for TLS, or null for plaintext
 * @param tlsKey the PEM private key of {@code tlsCertificate}, or null
 * @param authToken the token every call must send, or null for none ({@link #toString()} hides it)
 * @param insecureRemote whether a non-loopback host may be served without TLS and a token
 * @param maxResidentEntities how many entities memory holds at most (idle and live)
 * @param instanceRetention how long finished instances are kept, or null for until purged
 * @param cleanEntityStorageInterval how often entity storage is cleaned, or null for never
 * @param dedupWindow how long signal request ids are remembered for deduplication
 * @param recordRequests the file every request is written to, or null for none
 */
public record CliArgs(
    String host,
    int port,
    int dashboardPort,
    boolean dashboard,
    Path dataDir,
    boolean inMemory,
    boolean allowRemote,
    boolean checkIntegrity,
    List<String> allowedTaskHubs,
    int maxTaskHubs,
    Path tlsCertificate,
    Path tlsKey,
    String authToken,
    boolean insecureRemote,
    int maxResidentEntities,
    Duration instanceRetention,
    Duration cleanEntityStorageInterval,
    Duration dedupWindow,
    Path recordRequests) {

  @Override
  public String toString() {
    return "CliArgs[host="
        + host
        + ", port="
        + port
        + ", dashboardPort="
        + dashboardPort
        + ", dashboard="
        + dashboard
        + ", dataDir="
        + dataDir
        + ", inMemory="
        + inMemory
        + ", allowRemote="
        + allowRemote
        + ", checkIntegrity="
        + checkIntegrity
        + ", allowedTaskHubs="
        + allowedTaskHubs
        + ", maxTaskHubs="
        + maxTaskHubs
        + ", tlsCertificate="
        + tlsCertificate
        + ", tlsKey="
        + tlsKey
        + ", authToken="
        + (authToken == null ? "null" : "(set)")
        + ", insecureRemote="
        + insecureRemote
        + ", maxResidentEntities="
        + maxResidentEntities
        + ", instanceRetention="
        + instanceRetention
        + ", cleanEntityStorageInterval="
        + cleanEntityStorageInterval
        + ", dedupWindow="
        + dedupWindow
        + ", recordRequests="
        + recordRequests
        + "]";
  }

  /**
   * Parses a command line without running anything ({@code --help} and {@code --version} are
   * accepted and ignored here; {@link SchedulerCommand#commandLine} acts on them).
   *
   * @param args the command line
   * @return the parsed arguments
   * @throws CommandLine.ParameterException for an unknown option, a missing or bad value,
   *     conflicting options, or a non-loopback host without {@code --allow-remote}
   */
  public static CliArgs parse(String... args) {
    CommandLine commandLine = SchedulerCommand.commandLine(cli -> 0);
    commandLine.parseArgs(args);
    return commandLine.<SchedulerCommand>getCommand().args();
  }

  /**
   * Whether {@code host} is a loopback name or address.
   *
   * @param host a host name or address
   * @return true for a loopback address, false otherwise (also when the name does not resolve)
   */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
