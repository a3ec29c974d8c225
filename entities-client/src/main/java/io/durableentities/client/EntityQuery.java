package io.durableentities.client;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entities {@link EntityClient#query} returns.
 *
 * <pre>{@code
 * EntityQuery accounts = EntityQuery.newBuilder().instanceIdStartsWith("account").pageSize(50).build();
 * }</pre>
 *
 * <p>The prefix is normalized like entity ids: a missing leading {@code @} is added and the name
 * part is lower-cased, so {@code "Account@a"} becomes {@code "@account@a"}. By default the query
 * includes the state and excludes transient entities (those without state that the scheduler still
 * tracks, for example while locked), and the scheduler chooses the page size.
 */
public final class EntityQuery {

  private static final EntityQuery ALL = newBuilder().build();

  private final String instanceIdStartsWith;
  private final Instant lastModifiedFrom;
  private final Instant lastModifiedTo;
  private final boolean includeState;
  private final boolean includeTransient;
  private final Integer pageSize;

  private EntityQuery(Builder builder) {
    this.instanceIdStartsWith = builder.instanceIdStartsWith;
    this.lastModifiedFrom = builder.lastModifiedFrom;
    this.lastModifiedTo = builder.lastModifiedTo;
    this.includeState = builder.includeState;
    this.includeTransient = builder.includeTransient;
    this.pageSize = builder.pageSize;
  }

  /**
   * Returns the query for all entities with state, state included.
   *
   * @return the default query
   */
  public static EntityQuery all() {
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
    builder.instanceIdStartsWith = instanceIdStartsWith;
    builder.lastModifiedFrom = lastModifiedFrom;
    builder.lastModifiedTo = lastModifiedTo;
    builder.includeState = includeState;
    builder.includeTransient = includeTransient;
    builder.pageSize = pageSize;
    return builder;
  }

  /**
   * Returns the normalized instance id prefix.
   *
   * @return the prefix, such as {@code @account@}, if any
   */
  public Optional<String> instanceIdStartsWith() {
    return Optional.ofNullable(instanceIdStartsWith);
  }

  /**
   * Returns the earliest last-modified time.
   *
   * @return the lower bound, if any
   */
  public Optional<Instant> lastModifiedFrom() {
    return Optional.ofNullable(lastModifiedFrom);
  }

  /**
   * Returns the latest last-modified time.
   *
   * @return the upper bound, if any
   */
  public Optional<Instant> lastModifiedTo() {
    return Optional.ofNullable(lastModifiedTo);
  }

  /**
   * Tells whether the state is returned.
   *
   * @return whether the state is included (default true)
   */
  public boolean includeState() {
    return includeState;
  }

  /**
   * Tells whether transient entities (no state, but tracked) are returned.
   *
   * @return whether they are included (default false)
   */
  public boolean includeTransient() {
    return includeTransient;
  }

  /**
   * Returns the page size.
   *
   * @return the page size, or empty for the scheduler's default
   */
  public Optional<Integer> pageSize() {
    return Optional.ofNullable(pageSize);
  }

  @Override
  public String toString() {
    return "EntityQuery{instanceIdStartsWith="
        + instanceIdStartsWith
        + ", lastModifiedFrom="
        + lastModifiedFrom
        + ", lastModifiedTo="
        + lastModifiedTo
        + ", includeState="
        + includeState
        + ", includeTransient="
        + includeTransient
        + ", pageSize="
        + pageSize
        + "}";
  }

  static String normalizePrefix(String prefix) {
    String withAt = prefix.startsWith("@") ? prefix : "@" + prefix;
    int separator = withAt.indexOf('@', 1);
    return separator < 0
        ? withAt.toLowerCase(Locale.ROOT)
        : withAt.substring(0, separator).toLowerCase(Locale.ROOT) + withAt.substring(separator);
  }

  /** Builds an {@link EntityQuery}. */
  public static final class Builder {

    private String instanceIdStartsWith;
    private Instant lastModifiedFrom;
    private Instant lastModifiedTo;
    private boolean includeState = true;
    private boolean includeTransient;
    private Integer pageSize;

    private Builder() {}

    /**
     * Restricts the query to instance ids with a prefix, such as {@code account} or {@code
     * @account@eu-}; normalized as described in {@link EntityQuery}.
     *
     * @param prefix the prefix, or null or empty for all entities
     * @return this builder
     */
    public Builder instanceIdStartsWith(String prefix) {
      this.instanceIdStartsWith =
          prefix == null || prefix.isEmpty() ? null : normalizePrefix(prefix);
      return this;
    }

    /**
     * Restricts the query to entities modified at or after a time.
     *
     * @param from the lower bound, or null for none
     * @return this builder
     */
    public Builder lastModifiedFrom(Instant from) {
      this.lastModifiedFrom = from;
      return this;
    }

    /**
     * Restricts the query to entities modified before a time.
     *
     * @param to the upper bound, or null for none
     * @return this builder
     */
    public Builder lastModifiedTo(Instant to) {
      this.lastModifiedTo = to;
      return this;
    }

    /**
     * Sets whether the state is returned (default true).
     *
     * @param includeState whether to return the state
     * @return this builder
     */
    public Builder includeState(boolean includeState) {
      this.includeState = includeState;
      return this;
    }

    /**
     * Sets whether transient entities are returned (default false).
     *
     * @param includeTransient whether to return them
     * @return this builder
     */
    public Builder includeTransient(boolean includeTransient) {
      this.includeTransient = includeTransient;
      return this;
    }

    /**
     * Sets how many entities a page holds.
     *
     * @param pageSize positive, or null for the scheduler's default
     * @return this builder
     */
    public Builder pageSize(Integer pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Validates the settings and builds the query.
     *
     * @return the query
     * @throws IllegalArgumentException if the page size is not positive or the time range is
     *     reversed
     */
    public EntityQuery build() {
      if (pageSize != null && pageSize <= 0) {
        throw new IllegalArgumentException(
            "EntityQuery.pageSize must be positive (or null for the default), was " + pageSize);
      }
      if (lastModifiedFrom != null
          && lastModifiedTo != null
          && lastModifiedTo.isBefore(lastModifiedFrom)) {
        throw new IllegalArgumentException(
            "EntityQuery: lastModifiedTo ("
                + lastModifiedTo
                + ") is before lastModifiedFrom ("
                + lastModifiedFrom
                + ")");
      }
      return new EntityQuery(this);
    }
  }

  /**
   * Two queries are equal when all their settings are.
   *
   * @param other the object to compare with
   * @return whether it is an equal query
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof EntityQuery that
        && includeState == that.includeState
        && includeTransient == that.includeTransient
        && Objects.equals(instanceIdStartsWith, that.instanceIdStartsWith)
        && Objects.equals(lastModifiedFrom, that.lastModifiedFrom)
        && Objects.equals(lastModifiedTo, that.lastModifiedTo)
        && Objects.equals(pageSize, that.pageSize);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        instanceIdStartsWith,
        lastModifiedFrom,
        lastModifiedTo,
        includeState,
        includeTransient,
        pageSize);
  }
}
