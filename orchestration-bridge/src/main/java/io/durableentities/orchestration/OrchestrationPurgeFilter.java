package io.durableentities.orchestration;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which finished orchestration instances {@link
 * OrchestrationClient#purge(OrchestrationPurgeFilter)} deletes, with their histories.
 *
 * <pre>{@code
 * int deleted = client.purge(OrchestrationPurgeFilter.newBuilder()
 *     .createdTo(Instant.now().minus(Duration.ofDays(30)))
 *     .statuses(OrchestrationRuntimeStatus.COMPLETED, OrchestrationRuntimeStatus.FAILED)
 *     .build());
 * }</pre>
 *
 * <p>Running instances are never purged. Without statuses every finished instance in the time range
 * matches.
 */
public final class OrchestrationPurgeFilter {

  private final Instant createdFrom;
  private final Instant createdTo;
  private final Set<OrchestrationRuntimeStatus> statuses;

  private OrchestrationPurgeFilter(Builder builder) {
    this.createdFrom = builder.createdFrom;
    this.createdTo = builder.createdTo;
    this.statuses = Set.copyOf(builder.statuses);
  }

  /**
   * Returns a builder matching every finished instance.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
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
   * Returns the statuses to match.
   *
   * @return the statuses; empty matches every finished status
   */
  public Set<OrchestrationRuntimeStatus> statuses() {
    return statuses;
  }

  @Override
  public String toString() {
    return "OrchestrationPurgeFilter[createdFrom="
        + createdFrom
        + ", createdTo="
        + createdTo
        + ", statuses="
        + statuses
        + "]";
  }

  /** Builds an {@link OrchestrationPurgeFilter}. */
  public static final class Builder {

    private Instant createdFrom;
    private Instant createdTo;
    private final Set<OrchestrationRuntimeStatus> statuses =
        EnumSet.noneOf(OrchestrationRuntimeStatus.class);

    private Builder() {}

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
     * Matches only these statuses (replacing earlier ones).
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder statuses(OrchestrationRuntimeStatus... statuses) {
      return statuses(Set.of(statuses));
    }

    /**
     * Matches only these statuses (replacing earlier ones).
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
     * Validates and builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if the time range is empty
     */
    public OrchestrationPurgeFilter build() {
      if (createdFrom != null && createdTo != null && createdFrom.isAfter(createdTo)) {
        throw new IllegalArgumentException(
            "createdFrom " + createdFrom + " is after createdTo " + createdTo);
      }
      return new OrchestrationPurgeFilter(this);
    }
  }
}
