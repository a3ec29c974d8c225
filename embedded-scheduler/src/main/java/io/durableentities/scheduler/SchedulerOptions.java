package io.durableentities.scheduler;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 *
 * <h2>Security</h2>
 *
 * On a loopback host (the default) the scheduler needs neither TLS nor a token. A host other
 * machines can reach needs both {@link Builder#tls(Path, Path) TLS} and an {@link
 * Builder#authToken(String) authentication token}, which every call must send as {@code
 * authorization: Bearer <token>}; {@link Builder#build()} refuses it otherwise, unless {@link
 * Builder#insecureAllowRemoteWithoutAuth(boolean)} says to accept anyone on the network. Either may
 * also be used on loopback.
 */
public final class SchedulerOptions {

  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of(".durable-data");

  /** The default of {@link #maxResidentEntities()}. */
  public static final int DEFAULT_MAX_RESIDENT_ENTITIES = 100_000;

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
  private final Path tlsCertificateChain;
  private final Path tlsPrivateKey;
  private final String authToken;
  private final boolean insecureAllowRemoteWithoutAuth;
  private final int maxResidentEntities;
  private final Duration instanceRetention;
  private final Duration cleanEntityStorageInterval;
  private final OpenTelemetry openTelemetry;
  private final Path recordRequests;

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
    this.tlsCertificateChain = b.tlsCertificateChain;
    this.tlsPrivateKey = b.tlsPrivateKey;
    this.authToken = b.authToken;
    this.insecureAllowRemoteWithoutAuth = b.insecureAllowRemoteWithoutAuth;
    this.maxResidentEntities = b.maxResidentEntities;
    this.instanceRetention = b.instanceRetention;
    this.cleanEntityStorageInterval = b.cleanEntityStorageInterval;
    this.openTelemetry = b.openTelemetry;
    this.recordRequests = b.recordRequests;
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
    b.tlsCertificateChain = tlsCertificateChain;
    b.tlsPrivateKey = tlsPrivateKey;
    b.authToken = authToken;
    b.insecureAllowRemoteWithoutAuth = insecureAllowRemoteWithoutAuth;
    b.maxResidentEntities = maxResidentEntities;
    b.instanceRetention = instanceRetention;
    b.cleanEntityStorageInterval = cleanEntityStorageInterval;
    b.openTelemetry = openTelemetry;
    b.recordRequests = recordRequests;
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

  /** The PEM certificate chain the gRPC port serves TLS with; empty for plaintext. */
  public Optional<Path> tlsCertificateChain() {
    return Optional.ofNullable(tlsCertificateChain);
  }

  /** The PEM (PKCS#8) private key of {@link #tlsCertificateChain()}; empty for plaintext. */
  public Optional<Path> tlsPrivateKey() {
    return Optional.ofNullable(tlsPrivateKey);
  }

  /**
   * The token every gRPC call must send as {@code authorization: Bearer <token>}; empty when calls
   * need none. {@link #toString()} never shows it.
   */
  public Optional<String> authToken() {
    return Optional.ofNullable(authToken);
  }

  /**
   * Whether a host other machines can reach may be served without TLS and a token (anyone on the
   * network can then read and change everything); logged as a warning at start.
   */
  public boolean insecureAllowRemoteWithoutAuth() {
    return insecureAllowRemoteWithoutAuth;
  }

  /** Whether {@link #host()} can be reached from other machines (not a loopback address). */
  public boolean remote() {
    return host != null && !isLoopback(host);
  }

  /**
   * How many entities memory holds at most (default 100,000): above this count the least recently
   * used idle ones leave memory and are read from the database when next used; and while this many
   * entities have queued operations, a lock or a batch in flight, a message for an entity memory
   * lacks is committed but stays on disk until room frees (read then in the order it was stored).
   * The batches in flight can add to the count. Ignored in memory, where the database is no second
   * copy.
   */
  public int maxResidentEntities() {
    return maxResidentEntities;
  }

  /**
   * How long finished orchestration instances (completed, failed, terminated) are kept before they
   * are purged with their history; empty (the default) keeps them until purged by a client.
   */
  public Optional<Duration> instanceRetention() {
    return Optional.ofNullable(instanceRetention);
  }

  /**
   * How often the scheduler does what {@code CleanEntityStorage} does (removes entities with no
   * state, no lock and no queue, releases locks whose holder is no longer running), in small
   * batches; empty (the default) leaves that to clients.
   */
  public Optional<Duration> cleanEntityStorageInterval() {
    return Optional.ofNullable(cleanEntityStorageInterval);
  }

  /**
   * The OpenTelemetry instance the scheduler records its metrics and spans to (see {@code
   * docs/observability.md}); empty means {@link GlobalOpenTelemetry#get()} when the scheduler
   * starts (a no-op unless an SDK registered itself globally or the OpenTelemetry Java agent runs).
   * Its spans (receive, commit, dispatch) join only the traces that requests bring with them.
   * Whatever it is, the scheduler stores the trace context that comes with an orchestration's start
   * and hands it on in the orchestration's {@code ExecutionStarted} event.
   */
  public Optional<OpenTelemetry> openTelemetry() {
    return Optional.ofNullable(openTelemetry);
  }

  /**
   * The file every gRPC request is written to as a line of JSON, with its headers (credentials
   * redacted); empty (the default) records nothing. See {@link Builder#recordRequests(Path)}.
   */
  public Optional<Path> recordRequests() {
    return Optional.ofNullable(recordRequests);
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
        + (tlsCertificateChain == null ? "" : ", tls=" + tlsCertificateChain)
        + (authToken == null ? "" : ", authToken=(set)")
        + (insecureAllowRemoteWithoutAuth ? ", insecureAllowRemoteWithoutAuth" : "")
        + ", maxResidentEntities="
        + maxResidentEntities
        + (instanceRetention == null ? "" : ", instanceRetention=" + instanceRetention)
        + (cleanEntityStorageInterval == null
            ? ""
            : ", cleanEntityStorageInterval=" + cleanEntityStorageInterval)
        + (openTelemetry == null ? "" : ", openTelemetry=" + openTelemetry)
        + (recordRequests == null ? "" : ", recordRequests=" + recordRequests)
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
    private Path tlsCertificateChain;
    private Path tlsPrivateKey;
    private String authToken;
    private boolean insecureAllowRemoteWithoutAuth;
    private int maxResidentEntities = DEFAULT_MAX_RESIDENT_ENTITIES;
    private Duration instanceRetention;
    private Duration cleanEntityStorageInterval;
    private OpenTelemetry openTelemetry;
    private Path recordRequests;

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
     * in the window takes about 15 bytes of memory (a 64-bit fingerprint and its row in the
     * database, confirmed there on a match), so a sustained 1,000 signals/s keeps about 55 MB for a
     * one-hour window.
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
     * Serves the gRPC port over TLS with this certificate chain and private key, both PEM files
     * (the key in PKCS#8 form, {@code -----BEGIN PRIVATE KEY-----}, as {@code openssl req -newkey}
     * writes it). Clients then connect with {@code Endpoint=https://...}. The dashboard stays plain
     * HTTP on loopback.
     *
     * @param certificateChain the server certificate, then any intermediates
     * @param privateKey the certificate's private key
     * @return this builder
     */
    public Builder tls(Path certificateChain, Path privateKey) {
      this.tlsCertificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
      this.tlsPrivateKey = Objects.requireNonNull(privateKey, "privateKey");
      return this;
    }

    /** Serves plaintext HTTP/2 (the default). */
    public Builder noTls() {
      this.tlsCertificateChain = null;
      this.tlsPrivateKey = null;
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
     * Requires every gRPC call to send {@code authorization: Bearer <token>} (compared in constant
     * time); others are refused with UNAUTHENTICATED. Our client sends it with the connection
     * string {@code Authentication=Token;Token=<token>}. At least 16 printable ASCII characters
     * without spaces; {@code null} turns the check off.
     *
     * @param authToken the shared secret, or null
     * @return this builder
     */
    public Builder authToken(String authToken) {
      this.authToken = authToken;
      return this;
    }

    /**
     * Lets {@link #host(String)} be an address other machines can reach without TLS and a token:
     * anyone on the network can then read and change every entity and orchestration. Off by
     * default; the scheduler logs a warning at start when it is used.
     *
     * @param insecure whether to allow it
     * @return this builder
     */
    public Builder insecureAllowRemoteWithoutAuth(boolean insecure) {
      this.insecureAllowRemoteWithoutAuth = insecure;
      return this;
    }

    /**
     * Writes every gRPC request the scheduler receives to {@code file} (created, or appended to),
     * one JSON object per line: the time, the RPC, the caller's address, the headers (the
     * credential of {@code authorization} replaced by its length) and the request as protobuf's
     * JSON. For debugging what a client or worker sends; it holds inputs and states in clear text
     * and costs a file write per request. {@code null} (the default) records nothing.
     *
     * @param file the JSON-lines file, or null
     * @return this builder
     */
    public Builder recordRequests(Path file) {
      this.recordRequests = file;
      return this;
    }

    /**
     * Sets how many entities memory holds at most (default 100,000, about 50 MB with small states).
     * Above this count the least recently used idle ones leave it (after their last change is
     * committed) and are read from the database when next used; while this many entities have
     * queued operations, a lock or a batch in flight, a message for an entity memory lacks is
     * committed but stays on disk until room frees, then is read in the order it was stored (FIFO
     * per entity holds). 0 keeps only the live ones, one at a time beyond those in flight. Ignored
     * with {@link #inMemory()}.
     */
    public Builder maxResidentEntities(int maxResidentEntities) {
      this.maxResidentEntities = maxResidentEntities;
      return this;
    }

    /**
     * Purges finished orchestration instances (completed, failed, terminated) with their history
     * once they finished longer ago than {@code retention}, a few at a time between requests;
     * {@code null} (the default) keeps them until a client purges them.
     */
    public Builder instanceRetention(Duration retention) {
      this.instanceRetention = retention;
      return this;
    }

    /**
     * Every {@code interval}, does what {@code CleanEntityStorage} does with {@code
     * removeEmptyEntities} and {@code releaseOrphanedLocks}, one page of 1,000 entities between
     * requests at a time; {@code null} (the default) leaves that to clients.
     */
    public Builder cleanEntityStorageInterval(Duration interval) {
      this.cleanEntityStorageInterval = interval;
      return this;
    }

    /**
     * Records the scheduler's metrics and spans (see {@code docs/observability.md}) to this
     * OpenTelemetry instance instead of {@link GlobalOpenTelemetry#get()}; {@code null} restores
     * the default. {@link OpenTelemetry#noop()} turns them off; the trace context still travels
     * from an orchestration's start to its work items.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
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
      require(
          instanceRetention == null || !instanceRetention.isNegative(),
          "instanceRetention must not be negative, was " + instanceRetention);
      require(
          cleanEntityStorageInterval == null
              || (!cleanEntityStorageInterval.isNegative() && !cleanEntityStorageInterval.isZero()),
          "cleanEntityStorageInterval must be positive, was " + cleanEntityStorageInterval);
      require(
          maxResidentEntities >= 0,
          "maxResidentEntities must not be negative, was " + maxResidentEntities);
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
      require(
          authToken == null || authToken.matches("[\\x21-\\x7e]{16,}"),
          "authToken must be at least 16 printable ASCII characters without spaces (e.g. the"
              + " output of 'openssl rand -base64 32'), was "
              + (authToken == null ? "" : authToken.length() + " characters"));
      require(
          !(host != null
              && !isLoopback(host)
              && !insecureAllowRemoteWithoutAuth
              && (tlsCertificateChain == null || authToken == null)),
          "host "
              + host
              + " can be reached from other machines, so it needs TLS (tls(certificate, key))"
              + " and an authentication token (authToken(...)); missing: "
              + (tlsCertificateChain == null ? "TLS" : "")
              + (tlsCertificateChain == null && authToken == null ? " and " : "")
              + (authToken == null ? "the token" : "")
              + ". To serve anyone on the network without them, set"
              + " insecureAllowRemoteWithoutAuth(true)");
      return new SchedulerOptions(this);
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException("Invalid SchedulerOptions: " + message);
      }
    }
  }

  /** Whether {@code host} names a loopback address (false when it does not resolve). */
  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
