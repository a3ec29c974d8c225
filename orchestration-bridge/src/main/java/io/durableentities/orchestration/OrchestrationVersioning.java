package io.durableentities.orchestration;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which orchestration versions a worker runs, and what it does with the others, as the Durable Task
 * SDKs' worker versioning does ({@code DurableTaskWorkerOptions.Versioning} in .NET, {@code
 * DurableTaskGrpcWorkerVersioningOptions} in Java). Set it on {@link
 * OrchestrationWorker.Builder#versioning}:
 *
 * <pre>{@code
 * OrchestrationWorker worker = OrchestrationWorker.newBuilder(registry)
 *     .versioning(OrchestrationVersioning.newBuilder()
 *         .version("2.0")                                   // the code this worker runs
 *         .matchStrategy(OrchestrationVersioning.MatchStrategy.CURRENT_OR_OLDER)
 *         .failureStrategy(OrchestrationVersioning.FailureStrategy.REJECT)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <h2>Matching</h2>
 *
 * An instance's version is the one it was started with ({@link ScheduleOptions#version()}, {@link
 * TaskOptions#version()} for sub-orchestrations), empty when none was given; {@link
 * OrchestrationContext#version()} returns it. Before each orchestrator work item runs, the worker
 * compares it with its own {@link #version()} by {@link #compare}:
 *
 * <ul>
 *   <li>{@link MatchStrategy#NONE} (the default): every version runs;
 *   <li>{@link MatchStrategy#STRICT}: only instances of exactly the worker's version run;
 *   <li>{@link MatchStrategy#CURRENT_OR_OLDER}: instances of the worker's version or older run.
 * </ul>
 *
 * <h2>A mismatch</h2>
 *
 * <ul>
 *   <li>{@link FailureStrategy#REJECT} (the default): the worker abandons the work item and the
 *       scheduler delivers it again, preferring another worker, until one whose version matches
 *       takes it; the instance waits meanwhile. With {@code STRICT} the worker also sends its
 *       version in its work-item filters, so a scheduler that honours them (ours does; Azure
 *       Durable Task Scheduler is documented to) never delivers it another version;
 *   <li>{@link FailureStrategy#FAIL}: the instance fails with error type {@value
 *       #VERSION_MISMATCH_ERROR_TYPE} and a message naming the instance, its version, the worker's
 *       version and the fix.
 * </ul>
 *
 * <p>The built-in orchestration that carries client calls to entities runs on every worker whatever
 * the versions. {@link #defaultVersion()} is the version of the sub-orchestrations this worker's
 * orchestrations start without one, and of the orchestrations its entities start without one
 * ({@code EntityContext.startOrchestration}); never the parent's version, as in the Durable Task
 * SDKs.
 */
public final class OrchestrationVersioning {

  /** The error type of the failure of an instance failed by {@link FailureStrategy#FAIL}. */
  public static final String VERSION_MISMATCH_ERROR_TYPE = "VersionMismatch";

  private static final OrchestrationVersioning NONE = newBuilder().build();
  private static final Pattern NUMERIC = Pattern.compile("\\d+(\\.\\d+)*");

  /** How a worker's version is compared with an instance's. */
  public enum MatchStrategy {
    /** Every instance runs, whatever its version. */
    NONE,
    /** Only instances of exactly the worker's version run. */
    STRICT,
    /** Instances of the worker's version or an older one run; newer ones do not. */
    CURRENT_OR_OLDER
  }

  /** What a worker does with an instance whose version does not match. */
  public enum FailureStrategy {
    /** Abandons the work item, so that the scheduler delivers it again, to another worker. */
    REJECT,
    /** Fails the instance with a {@value #VERSION_MISMATCH_ERROR_TYPE} failure. */
    FAIL
  }

  private final String version;
  private final String defaultVersion;
  private final MatchStrategy matchStrategy;
  private final FailureStrategy failureStrategy;

  private OrchestrationVersioning(Builder builder) {
    this.version = builder.version;
    this.defaultVersion = builder.defaultVersion;
    this.matchStrategy = builder.matchStrategy;
    this.failureStrategy = builder.failureStrategy;
  }

  /**
   * Returns the versioning of a worker that runs every version and gives none to
   * sub-orchestrations.
   *
   * @return no versioning
   */
  public static OrchestrationVersioning none() {
    return NONE;
  }

  /**
   * Starts a builder: no version, match {@link MatchStrategy#NONE}, failure {@link
   * FailureStrategy#REJECT}.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.defaultVersion = defaultVersion;
    b.matchStrategy = matchStrategy;
    b.failureStrategy = failureStrategy;
    return b;
  }

  /**
   * Returns the version of the orchestration code the worker runs.
   *
   * @return the version, empty when none was set
   */
  public String version() {
    return version;
  }

  /**
   * Returns the version given to sub-orchestrations and entity-started orchestrations started
   * without one.
   *
   * @return the version, empty when they get none
   */
  public String defaultVersion() {
    return defaultVersion;
  }

  /**
   * Returns how versions are matched.
   *
   * @return the match strategy
   */
  public MatchStrategy matchStrategy() {
    return matchStrategy;
  }

  /**
   * Returns what happens to an instance whose version does not match.
   *
   * @return the failure strategy
   */
  public FailureStrategy failureStrategy() {
    return failureStrategy;
  }

  /**
   * Tells why an instance of a version may not run on this worker.
   *
   * @param instanceVersion the instance's version, empty when it has none
   * @return the reason, naming both versions; empty when it may run
   */
  public Optional<String> mismatch(String instanceVersion) {
    Objects.requireNonNull(instanceVersion, "instanceVersion");
    int c = compare(instanceVersion, version);
    return switch (matchStrategy) {
      case NONE -> Optional.empty();
      case STRICT ->
          c == 0
              ? Optional.empty()
              : Optional.of(
                  "its version "
                      + shown(instanceVersion)
                      + " is not the worker's version "
                      + shown(version)
                      + " (match strategy STRICT)");
      case CURRENT_OR_OLDER ->
          c <= 0
              ? Optional.empty()
              : Optional.of(
                  "its version "
                      + shown(instanceVersion)
                      + " is newer than the worker's version "
                      + shown(version)
                      + " (match strategy CURRENT_OR_OLDER)");
    };
  }

  /**
   * Compares two versions as the Durable Task SDKs do: an empty version is older than any other;
   * two versions of dot-separated numbers ({@code 1}, {@code 1.10.2}) compare number by number,
   * missing parts counting as 0; any other pair compares as text, ignoring case.
   *
   * @param a a version, empty for none
   * @param b another version, empty for none
   * @return negative, zero or positive as {@code a} is older than, the same as or newer than {@code
   *     b}
   */
  public static int compare(String a, String b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.isEmpty() || b.isEmpty()) {
      return Boolean.compare(!a.isEmpty(), !b.isEmpty());
    }
    if (NUMERIC.matcher(a).matches() && NUMERIC.matcher(b).matches()) {
      String[] x = a.split("\\.");
      String[] y = b.split("\\.");
      for (int i = 0; i < Math.max(x.length, y.length); i++) {
        BigInteger p = i < x.length ? new BigInteger(x[i]) : BigInteger.ZERO;
        BigInteger q = i < y.length ? new BigInteger(y[i]) : BigInteger.ZERO;
        int c = p.compareTo(q);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
    return a.compareToIgnoreCase(b);
  }

  private static String shown(String version) {
    return version.isEmpty() ? "(none)" : "'" + version + "'";
  }

  @Override
  public String toString() {
    return "OrchestrationVersioning[version="
        + version
        + ", defaultVersion="
        + defaultVersion
        + ", matchStrategy="
        + matchStrategy
        + ", failureStrategy="
        + failureStrategy
        + "]";
  }

  /** Builds {@link OrchestrationVersioning}. */
  public static final class Builder {

    private String version = "";
    private String defaultVersion = "";
    private MatchStrategy matchStrategy = MatchStrategy.NONE;
    private FailureStrategy failureStrategy = FailureStrategy.REJECT;

    private Builder() {}

    /**
     * Sets the version of the orchestration code the worker runs.
     *
     * @param version the version, not blank
     * @return this builder
     * @throws IllegalArgumentException if the version is blank
     */
    public Builder version(String version) {
      this.version = nonBlank(version, "version");
      return this;
    }

    /**
     * Sets the version given to sub-orchestrations, and to orchestrations the worker's entities
     * start, without one of their own (none by default).
     *
     * @param defaultVersion the version, not blank
     * @return this builder
     * @throws IllegalArgumentException if the version is blank
     */
    public Builder defaultVersion(String defaultVersion) {
      this.defaultVersion = nonBlank(defaultVersion, "defaultVersion");
      return this;
    }

    /**
     * Sets how versions are matched (default {@link MatchStrategy#NONE}).
     *
     * @param matchStrategy the strategy
     * @return this builder
     */
    public Builder matchStrategy(MatchStrategy matchStrategy) {
      this.matchStrategy = Objects.requireNonNull(matchStrategy, "matchStrategy");
      return this;
    }

    /**
     * Sets what happens to an instance whose version does not match (default {@link
     * FailureStrategy#REJECT}).
     *
     * @param failureStrategy the strategy
     * @return this builder
     */
    public Builder failureStrategy(FailureStrategy failureStrategy) {
      this.failureStrategy = Objects.requireNonNull(failureStrategy, "failureStrategy");
      return this;
    }

    /**
     * Validates and builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException if a match strategy other than {@code NONE} is set without a
     *     version to match against
     */
    public OrchestrationVersioning build() {
      if (matchStrategy != MatchStrategy.NONE && version.isEmpty()) {
        throw new IllegalArgumentException(
            "Orchestration versioning with match strategy "
                + matchStrategy
                + " needs the worker's version to match against, and none was set; call"
                + " .version(\"...\") on the builder, or use MatchStrategy.NONE");
      }
      return new OrchestrationVersioning(this);
    }

    private static String nonBlank(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(
            "The " + what + " must not be blank; leave it unset for no version");
      }
      return value;
    }
  }
}
