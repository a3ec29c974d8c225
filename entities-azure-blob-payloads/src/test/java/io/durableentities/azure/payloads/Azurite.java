package io.durableentities.azure.payloads;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Azurite's blob service (the Azure Storage emulator, installed from npm into {@code
 * tools/azurite} by {@code .ci/run}) for a test class: in memory, on a free loopback port, stopped
 * after the class. Without node or Azurite the class is skipped with the command that installs it,
 * unless {@code CI=true}, where that fails the class.
 */
final class Azurite implements BeforeAllCallback, AfterAllCallback {

  /** Azurite's well-known development account and key (public, the emulator accepts only them). */
  private static final String ACCOUNT = "devstoreaccount1";

  private static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private Process process;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path binary = findBinary();
    if (binary == null || !onPath("node")) {
      String message =
          "Azurite is not installed (tools/azurite/node_modules/.bin/azurite-blob and node):"
              + " run `cd tools/azurite && npm ci --ignore-scripts` (.ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    port = freePort();
    Path log = Files.createTempFile("azurite-", ".log");
    process =
        new ProcessBuilder(
                binary.toString(),
                "--silent",
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await("Azurite listening on port " + port + " (log: " + log + ")")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .failFast("Azurite exited; log: " + log, () -> !process.isAlive())
        .until(this::listening);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The connection string of the emulator's account. */
  String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + KEY
        + ";BlobEndpoint=http://127.0.0.1:"
        + port
        + "/"
        + ACCOUNT
        + ";";
  }

  /** A connection string to the emulator's account on a port where nothing listens. */
  static String unreachableConnectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + KEY
        + ";BlobEndpoint=http://127.0.0.1:"
        + freePort()
        + "/"
        + ACCOUNT
        + ";";
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findBinary() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("tools/azurite/node_modules/.bin/azurite-blob");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
