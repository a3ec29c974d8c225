package io.durableentities.client.internal.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Properties;
import java.util.UUID;

/** The user agent and worker id this library sends. */
public final class Identity {

  private static final String VERSION = readVersion();

  private Identity() {}

  /**
   * Returns the library version, or {@code unknown}.
   *
   * @return the version
   */
  public static String version() {
    return VERSION;
  }

  /**
   * Returns the user agent: {@code durable-entities-java/<version>}.
   *
   * @return the user agent
   */
  public static String userAgent() {
    return "durable-entities-java/" + VERSION;
  }

  /**
   * Returns a new worker id: {@code <hostname>,<pid>,<uuid>}.
   *
   * @return the worker id
   */
  public static String newWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "unknown-host";
    }
    return host + "," + ProcessHandle.current().pid() + "," + UUID.randomUUID();
  }

  private static String readVersion() {
    try (InputStream in = Identity.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "");
        if (!version.isEmpty() && !version.startsWith("$")) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }
}
