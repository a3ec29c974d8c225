package io.durableentities.spring;

import java.nio.file.Path;

/**
 * The {@code durable.embedded.*} settings: the scheduler started in this process when no connection
 * string or endpoint is set.
 */
public class EmbeddedSchedulerProperties {

  /**
   * Whether to start an embedded scheduler when no connection string or endpoint is set; without
   * one, the application fails to start.
   */
  private boolean enabled = true;

  /** Directory of the scheduler's SQLite database, created when missing. */
  private Path dataDir = Path.of(".durable-data");

  /** Whether to keep everything in memory instead (for tests): nothing survives a restart. */
  private boolean inMemory;

  /** Host or address to listen on; by default both loopback addresses (127.0.0.1 and ::1). */
  private String host;

  /** gRPC port to listen on; 0 picks a free one. */
  private int port;

  /** The scheduler's web dashboard. */
  private final Dashboard dashboard = new Dashboard();

  /**
   * Returns whether an embedded scheduler may start.
   *
   * @return whether enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether an embedded scheduler may start.
   *
   * @param enabled whether enabled
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the data directory.
   *
   * @return the directory
   */
  public Path getDataDir() {
    return dataDir;
  }

  /**
   * Sets the data directory.
   *
   * @param dataDir the directory
   */
  public void setDataDir(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * Returns whether the store is in memory.
   *
   * @return whether in memory
   */
  public boolean isInMemory() {
    return inMemory;
  }

  /**
   * Sets whether the store is in memory.
   *
   * @param inMemory whether in memory
   */
  public void setInMemory(boolean inMemory) {
    this.inMemory = inMemory;
  }

  /**
   * Returns the host to listen on.
   *
   * @return the host, or null for both loopback addresses
   */
  public String getHost() {
    return host;
  }

  /**
   * Sets the host to listen on.
   *
   * @param host the host
   */
  public void setHost(String host) {
    this.host = host;
  }

  /**
   * Returns the port.
   *
   * @return the port, 0 for a free one
   */
  public int getPort() {
    return port;
  }

  /**
   * Sets the port.
   *
   * @param port the port, 0 for a free one
   */
  public void setPort(int port) {
    this.port = port;
  }

  /**
   * Returns the dashboard's settings.
   *
   * @return the settings
   */
  public Dashboard getDashboard() {
    return dashboard;
  }

  /** The {@code durable.embedded.dashboard.*} settings. */
  public static class Dashboard {

    /** Whether to serve the web dashboard (on the loopback addresses only). */
    private boolean enabled;

    /** Port of the dashboard; 0 picks a free one (the log tells its URL). */
    private int port = 8082;

    /**
     * Returns whether the dashboard runs.
     *
     * @return whether enabled
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the dashboard runs.
     *
     * @param enabled whether enabled
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the dashboard's port.
     *
     * @return the port
     */
    public int getPort() {
      return port;
    }

    /**
     * Sets the dashboard's port.
     *
     * @param port the port, 0 for a free one
     */
    public void setPort(int port) {
      this.port = port;
    }
  }
}
