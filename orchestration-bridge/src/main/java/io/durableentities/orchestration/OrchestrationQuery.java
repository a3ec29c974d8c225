package io.durableentities.orchestration;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which orchestration instances {@link OrchestrationClient#query} returns.
 *
 * <pre>{@code
 * OrchestrationQuery failed = OrchestrationQuery.newBuilder()
 *     .statuses(OrchestrationRuntimeStatus.FAILED)
 *     .createdFrom(Instant.now().minus(Duration.ofDays(1)))
 *     .pageSize(100)
 *     .build();
 * }</pre>
 *
 * <p>By default every instance matches, inputs and outputs are not fetched and the scheduler
 * chooses the page size.
 *
 * <p>The Durable Task contract's instance query has no version field, so {@link Builder#versions}
 * is applied by the client to the pages the scheduler returns: a page may hold fewer matches than
 * the page size, and every instance the other criteria match is still read.
 */
public final class OrchestrationQuery {

  private static final OrchestrationQuery ALL = newBuilder().build();

  private final Set<OrchestrationRuntimeStatus> statuses;
  private final Instant createdFrom;
  private final Instant createdTo;
  private final String instanceIdPrefix;
  private final Integer pageSize;
  private final boolean fetchInputsAndOutputs;
  private final Set<String> versions;

  private OrchestrationQuery(Builder builder) {
    this.statuses = Set.copyOf(builder.statuses);
    this.createdFrom = builder.createdFrom;
    this.createdTo = builder.createdTo;
    this.instanceIdPrefix = builder.instanceIdPrefix;
    this.pageSize = builder.pageSize;
    this.fetchInputsAndOutputs = builder.fetchInputsAndOutputs;
    this.versions = Set.copyOf(builder.versions);
  }

  /**
   * Returns the query for all instances, without inputs and outputs.
   *
   * @return the default query
   */
  public static OrchestrationQuery all() {
    return ALL;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this query.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.statuses.addAll(statuses);
    builder.createdFrom = createdFrom;
    builder.createdTo = createdTo;
    builder.instanceIdPrefix = instanceIdPrefix;
    builder.pageSize = pageSize;
    builder.fetchInputsAndOutputs = fetchInputsAndOutputs;
    builder.versions.addAll(versions);
    return builder;
  }

  /**
   * Returns the statuses to match.
   *
   * @return the statuses; empty matches any status
   */
  public Set<OrchestrationRuntimeStatus> statuses() {
    return statuses;
  }

  /**
   * Returns the earliest creation time to match.
   *
   * @return the time, if set
   */
  public Optional<Instant> createdFrom() {
    return Optional.ofNullable(createdFrom);
  }

  /**
   * Returns the latest creation time to match.
   *
   * @return the time, if set
   */
  public Optional<Instant> createdTo() {
    return Optional.ofNullable(createdTo);
  }

  /**
   * Returns the instance id prefix to match.
   *
   * @return the prefix, if set
   */
  public Optional<String> instanceIdPrefix() {
    return Optional.ofNullable(instanceIdPrefix);
  }

  /**
   * Returns how many instances each call fetches.
   *
   * @return the page size, if set
   */
  public Optional<Integer> pageSize() {
    return Optional.ofNullable(pageSize);
  }

  /**
   * Tells whether inputs, outputs and custom statuses are fetched.
   *
   * @return whether they are fetched
   */
  public boolean fetchInputsAndOutputs() {
    return fetchInputsAndOutputs;
  }

  /**
   * Returns the versions to match; the empty string stands for instances without a version.
   *
   * @return the versions; empty matches any version
   */
  public Set<String> versions() {
    return versions;
  }

  /**
   * Tells whether an instance's version is among {@link #versions()} (always, when none are set).
   *
   * @param metadata the instance
   * @return whether its version matches
   */
  public boolean matchesVersion(OrchestrationMetadata metadata) {
    return versions.isEmpty() || versions.contains(metadata.version().orElse(""));
  }

  @Override
  public String toString() {
    return "OrchestrationQuery[statuses="
        + statuses
        + ", createdFrom="
        + createdFrom
        + ", createdTo="
        + createdTo
        + ", instanceIdPrefix="
        + instanceIdPrefix
        + ", pageSize="
        + pageSize
        + ", fetchInputsAndOutputs="
        + fetchInputsAndOutputs
        + ", versions="
        + versions
        + "]";
  }

  /** Builds an {@link OrchestrationQuery}. */
  public static final class Builder {

    private final Set<OrchestrationRuntimeStatus> statuses =
        EnumSet.noneOf(OrchestrationRuntimeStatus.class);
    private Instant createdFrom;
    private Instant createdTo;
    private String instanceIdPrefix;
    private Integer pageSize;
    private boolean fetchInputsAndOutputs;
    private final Set<String> versions = new TreeSet<>();

    private Builder() {}

    /**
     * Matches only instances of these versions (replacing earlier ones); the empty string matches
     * instances without a version, and no version at all matches any. Applied by the client, as the
     * contract's query has no version field.
     *
     * @param versions the versions
     * @return this builder
     */
    public Builder versions(String... versions) {
      return versions(List.of(versions));
    }

    /**
     * Matches only instances of these versions (replacing earlier ones); see {@link
     * #versions(String...)}.
     *
     * @param versions the versions
     * @return this builder
     */
    public Builder versions(Collection<String> versions) {
      Objects.requireNonNull(versions, "versions");
      this.versions.clear();
      versions.forEach(v -> this.versions.add(Objects.requireNonNull(v, "a version is null")));
      return this;
    }

    /**
     * Matches only these statuses (replacing earlier ones); none matches any status.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(OrchestrationRuntimeStatus... statuses) {
      return statuses(Set.of(statuses));
    }

    /**
     * Matches only these statuses (replacing earlier ones); none matches any status.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(Collection<OrchestrationRuntimeStatus> statuses) {
      Objects.requireNonNull(statuses, "statuses");
      this.statuses.clear();
      statuses.forEach(s -> this.statuses.add(Objects.requireNonNull(s, "a status is null")));
      return this;
    }

    /**
     * Matches instances created at or after a time.
     *
     * @param from the earliest creation time
     * @return this builder
     */
    public Builder createdFrom(Instant from) {
      this.createdFrom = Objects.requireNonNull(from, "from");
      return this;
    }

    /**
     * Matches instances created at or before a time.
     *
     * @param to the latest creation time
     * @return this builder
     */
    public Builder createdTo(Instant to) {
      this.createdTo = Objects.requireNonNull(to, "to");
      return this;
    }

    /**
     * Matches instance ids starting with a prefix.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder instanceIdPrefix(String prefix) {
      this.instanceIdPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Sets how many instances each call fetches.
     *
     * @param size positive
     * @return this builder
     */
    public Builder pageSize(int size) {
      this.pageSize = size;
      return this;
    }

    /**
     * Sets whether inputs, outputs and custom statuses are fetched (default false).
     *
     * @param fetch whether to fetch them
     * @return this builder
     */
    public Builder fetchInputsAndOutputs(boolean fetch) {
      this.fetchInputsAndOutputs = fetch;
      return this;
    }

    /**
     * Validates and builds the query.
     *
     * @return the query
     * @throws IllegalArgumentException if the page size is not positive or the time range is empty
     */
    public OrchestrationQuery build() {
      if (pageSize != null && pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
      }
      if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
        throw new IllegalArgumentException(
            "createdFrom " + createdFrom + " is after createdTo " + createdTo);
      }
      return new OrchestrationQuery(this);
    }
  }
}
