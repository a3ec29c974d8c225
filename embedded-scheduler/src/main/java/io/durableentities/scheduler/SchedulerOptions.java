package io.durableentities.scheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Immutable settings of an {@link EmbeddedScheduler}.
 *
 * <pre>{@code
 * SchedulerOptions options = SchedulerOptions.newBuilder()
 *     .inMemory()
 *     .leaseTimeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: both loopback addresses ({@code 127.0.0.1} and {@code ::1}), a free port, the data
 * directory {@code .durable-data} in the working directory, a lease timeout of 60 s, 10 delivery
 * attempts per operation, 16 MiB per gRPC message, 1 MiB per entity state, a request-id
 * deduplication window of one hour, no dashboard ({@code java -jar} turns it on, on port 8082), and
 * any task hub name, created on first use, up to 1,000 task hubs.
 */
public final class SchedulerOptions {

  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".durable-data");

  private static final SchedulerOptions DEFAULTS = newBuilder().build();

  private final String host;
  private final int port;
  private final Path dataDir;
  private final boolean inMemory;
  private final Duration leaseTimeout;
  private final int maxDeliveryAttempts;
  private final int maxMessageBytes;
  private final int maxEntityStateBytes;
  private final Duration dedupWindow;
  private final int dashboardPort;
  private final boolean integrityCheck;
  private final Set<String> allowedTaskHubs;
  private final int maxTaskHubs;

  private SchedulerOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.dataDir = b.dataDir;
    this.inMemory = b.inMemory;
    this.leaseTimeout = b.leaseTimeout;
    this.maxDeliveryAttempts = b.maxDeliveryAttempts;
    this.maxMessageBytes = b.maxMessageBytes;
    this.maxEntityStateBytes = b.maxEntityStateBytes;
    this.dedupWindow = b.dedupWindow;
    this.dashboardPort = b.dashboardPort;
    this.integrityCheck = b.integrityCheck;
    this.allowedTaskHubs = Set.copyOf(b.allowedTaskHubs);
    this.maxTaskHubs = b.maxTaskHubs;
  }

  /** Returns the default options. */
  public static SchedulerOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a builder with the defaults. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Returns a builder initialized with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.dataDir = dataDir;
    b.inMemory = inMemory;
    b.leaseTimeout = leaseTimeout;
    b.maxDeliveryAttempts = maxDeliveryAttempts;
    b.maxMessageBytes = maxMessageBytes;
    b.maxEntityStateBytes = maxEntityStateBytes;
    b.dedupWindow = dedupWindow;
    b.dashboardPort = dashboardPort;
    b.integrityCheck = integrityCheck;
    b.allowedTaskHubs = new LinkedHashSet<>(allowedTaskHubs);
    b.maxTaskHubs = maxTaskHubs;
    return b;
  }

  /**
   * The host or address to listen on; empty means both loopback addresses ({@code 127.0.0.1} and
   * {@code ::1}).
   */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /** The port to listen on; 0 picks a free port. */
  public int port() {
    return port;
  }

  /** The data directory holding the database; ignored when {@link #inMemory()}. */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether the store lives in memory only (for tests): nothing survives {@code close()}. */
  public boolean inMemory() {
    return inMemory;
  }

  /** How long a worker may hold a work item before it is delivered again. */
  public Duration leaseTimeout() {
    return leaseTimeout;
  }

  /**
   * How many failed deliveries (abandons, lost streams, expired leases) an operation gets before it
   * is failed to its caller as non-retriable and dropped.
   */
  public int maxDeliveryAttempts() {
    return maxDeliveryAttempts;
  }

  /** The largest gRPC message the server accepts, in bytes. */
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  /** The largest entity state a worker may store, in bytes (UTF-8). */
  public int maxEntityStateBytes() {
    return maxEntityStateBytes;
  }

  /**
   * How long the request id of a signal is remembered per entity: a signal repeated with the same
   * request id within this window is acknowledged but not enqueued again.
   */
  public Duration dedupWindow() {
    return dedupWindow;
  }

  /**
   * The port of the web dashboard (always on the loopback addresses), 0 for a free one; empty when
   * the dashboard is off, the default.
   */
  public OptionalInt dashboardPort() {
    return dashboardPort < 0 ? OptionalInt.empty() : OptionalInt.of(dashboardPort);
  }

  /**
   * Whether the scheduler runs SQLite's {@code PRAGMA integrity_check} on its database before it
   * serves (off by default; it reads the whole database). A damaged database then refuses to start,
   * naming the problems, instead of failing the requests that touch the damage.
   */
  public boolean integrityCheck() {
    return integrityCheck;
  }

  /**
   * The only task hub names served; empty (the default) serves any name. A request for another task
   * hub is refused with {@code PERMISSION_DENIED} before it creates anything.
   */
  public Set<String> allowedTaskHubs() {
    return allowedTaskHubs;
  }

  /**
   * The most task hubs the scheduler holds (default 1,000): a request that would create one more is
   * refused with {@code RESOURCE_EXHAUSTED}. Task hubs are created on first use and never deleted.
   */
  public int maxTaskHubs() {
    return maxTaskHubs;
  }

  @Override
  public String toString() {
    return "SchedulerOptions{host="
        + (host == null ? "loopback" : host)
        + ", port="
        + port
        + ", store="
        + (inMemory ? "in-memory" : dataDir)
        + ", leaseTimeout="
        + leaseTimeout
        + ", maxDeliveryAttempts="
        + maxDeliveryAttempts
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", maxEntityStateBytes="
        + maxEntityStateBytes
        + ", dedupWindow="
        + dedupWindow
        + ", dashboard="
        + (dashboardPort < 0 ? "off" : "port " + dashboardPort)
        + (integrityCheck ? ", integrityCheck" : "")
        + (allowedTaskHubs.isEmpty() ? "" : ", allowedTaskHubs=" + allowedTaskHubs)
        + ", maxTaskHubs="
        + maxTaskHubs
        + '}';
  }

  /** Builds {@link SchedulerOptions}; {@link #build()} validates. */
  public static final class Builder {
    private String host;
    private int port;
    private Path dataDir = DEFAULT_DATA_DIR;
    private boolean inMemory;
    private Duration leaseTimeout = Duration.ofSeconds(60);
    private int maxDeliveryAttempts = 10;
    private int maxMessageBytes = 16 * 1024 * 1024;
    private int maxEntityStateBytes = 1024 * 1024;
    private Duration dedupWindow = Duration.ofHours(1);
    private int dashboardPort = -1;
    private boolean integrityCheck;
    private Set<String> allowedTaskHubs = new LinkedHashSet<>();
    private int maxTaskHubs = 1000;

    private Builder() {}

    /** Listens on this host or address only; {@code null} restores both loopback addresses. */
    public Builder host(String host) {
      this.host = host == null || host.isBlank() ? null : host.trim();
      return this;
    }

    /** Listens on this port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Persists in this directory (created when missing) and leaves in-memory mode. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      this.inMemory = false;
      return this;
    }

    /** Keeps everything in memory (for tests). */
    public Builder inMemory() {
      this.inMemory = true;
      return this;
    }

    /** Sets how long a dispatched work item stays leased to one worker. */
    public Builder leaseTimeout(Duration leaseTimeout) {
      this.leaseTimeout = Objects.requireNonNull(leaseTimeout, "leaseTimeout");
      return this;
    }

    /** Sets the delivery attempts an operation gets before it is failed to its caller. */
    public Builder maxDeliveryAttempts(int maxDeliveryAttempts) {
      this.maxDeliveryAttempts = maxDeliveryAttempts;
      return this;
    }

    /** Sets the largest gRPC message the server accepts. */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** Sets the largest entity state a worker may store. */
    public Builder maxEntityStateBytes(int maxEntityStateBytes) {
      this.maxEntityStateBytes = maxEntityStateBytes;
      return this;
    }

    /**
     * Sets how long signal request ids are remembered for deduplication (default one hour). Each id
     * in the window takes 64–128 bytes of memory, so a sustained 1,000 signals/s keeps 0.23–0.46 GB
     * for a one-hour window; shorten the window for sustained high rates.
     */
    public Builder dedupWindow(Duration dedupWindow) {
      this.dedupWindow = Objects.requireNonNull(dedupWindow, "dedupWindow");
      return this;
    }

    /**
     * Serves the web dashboard on this port of the loopback addresses ({@code 127.0.0.1} and {@code
     * ::1}); 0 picks a free one ({@link EmbeddedScheduler#dashboardPort()} tells which).
     */
    public Builder dashboardPort(int dashboardPort) {
      this.dashboardPort = dashboardPort;
      return this;
    }

    /** Serves no dashboard (the default). */
    public Builder noDashboard() {
      this.dashboardPort = -1;
      return this;
    }

    /**
     * Runs {@code PRAGMA integrity_check} on the database before serving (default off): a damaged
     * database refuses to start with the problems SQLite found. It reads every page, so it takes
     * time on a large database. Ignored in memory.
     */
    public Builder integrityCheck(boolean integrityCheck) {
      this.integrityCheck = integrityCheck;
      return this;
    }

    /**
     * Serves only these task hubs (names as clients send them in the {@code taskhub} header; a
     * request without one is for {@code default}); empty, the default, serves any name. Requests
     * for other task hubs are refused with {@code PERMISSION_DENIED}; reads of them find nothing.
     */
    public Builder allowedTaskHubs(Collection<String> names) {
      this.allowedTaskHubs = new LinkedHashSet<>(Objects.requireNonNull(names, "names"));
      return this;
    }

    /**
     * Sets the most task hubs the scheduler holds (default 1,000): a request that would create
     * another one is refused with {@code RESOURCE_EXHAUSTED}, so that clients inventing names
     * cannot grow it without bound. Task hubs already stored are kept, also above a lowered limit.
     */
    public Builder maxTaskHubs(int maxTaskHubs) {
      this.maxTaskHubs = maxTaskHubs;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public SchedulerOptions build() {
      require(port >= 0 && port <= 65535, "port must be 0..65535, was " + port);
      require(
          !leaseTimeout.isNegative() && !leaseTimeout.isZero(),
          "leaseTimeout must be positive, was " + leaseTimeout);
      require(
          maxDeliveryAttempts >= 1,
          "maxDeliveryAttempts must be at least 1, was " + maxDeliveryAttempts);
      require(
          maxMessageBytes >= 1024, "maxMessageBytes must be at least 1024, was " + maxMessageBytes);
      require(
          maxEntityStateBytes >= 1,
          "maxEntityStateBytes must be positive, was " + maxEntityStateBytes);
      require(
          dashboardPort >= -1 && dashboardPort <= 65535,
          "dashboardPort must be 0..65535, was " + dashboardPort);
      require(!dedupWindow.isNegative(), "dedupWindow must not be negative, was " + dedupWindow);
      require(maxTaskHubs >= 1, "maxTaskHubs must be at least 1, was " + maxTaskHubs);
      for (String hub : allowedTaskHubs) {
        require(
            hub != null
                && !hub.isBlank()
                && hub.equals(hub.trim())
                && hub.length() <= 256
                && hub.chars().noneMatch(Character::isISOControl),
            "allowedTaskHubs must hold task hub names (1..256 printable characters, no surrounding"
                + " spaces), had '"
                + hub
                + "'");
      }
      return new SchedulerOptions(this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException("Invalid SchedulerOptions: " + message);
      }
    }
  }
}
