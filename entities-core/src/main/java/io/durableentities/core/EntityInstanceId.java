package io.durableentities.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The identity of one durable entity: an entity <em>name</em> (its type, such as {@code account})
 * and a <em>key</em> (which account, such as {@code a1}).
 *
 * <p>The canonical form is {@code @name@key}, the form every Durable Task SDK and backend uses. The
 * name is lower-cased with {@link Locale#ROOT}; the key is kept exactly as given and may be empty
 * or contain {@code @}. Instances are immutable, compare by name and then key (ordinal {@link
 * String#compareTo}), and serialize to JSON as their canonical string.
 *
 * <pre>{@code
 * EntityInstanceId id = EntityInstanceId.of(Account.class, "a1");  // @account@a1, named by EntityNames
 * EntityInstanceId same = EntityInstanceId.of("Account", "a1");    // an explicit name
 * EntityInstanceId parsed = EntityInstanceId.parse("@account@a1");
 * }</pre>
 */
public final class EntityInstanceId implements Comparable<EntityInstanceId> {

  private final String name;
  private final String key;
  private final String canonical;

  private EntityInstanceId(String name, String key) {
    this.name = name;
    this.key = key;
    this.canonical = "@" + name + "@" + key;
  }

  /**
   * Creates an id from an entity name and a key.
   *
   * @param name the entity name; not null, not blank, without {@code @}; lower-cased
   * @param key the key; not null, may be empty, kept as given
   * @return the id
   * @throws IllegalArgumentException if the name or key is invalid
   */
  public static EntityInstanceId of(String name, String key) {
    if (name == null) {
      throw new IllegalArgumentException(
          "Entity name is null (key "
              + quote(key)
              + "); give the entity type name, e.g. \"account\"");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "Entity name "
              + quote(name)
              + " is empty or blank (key "
              + quote(key)
              + "); give the entity type name, e.g. \"account\"");
    }
    if (name.indexOf('@') >= 0) {
      throw new IllegalArgumentException(
          "Entity name "
              + quote(name)
              + " contains '@', which separates name and key in \"@name@key\"; remove the '@' from"
              + " the name (the key may contain '@')");
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "Entity key is null for entity name "
              + quote(name)
              + "; use a non-null key (an empty key \"\" is allowed)");
    }
    return new EntityInstanceId(name.toLowerCase(Locale.ROOT), key);
  }

  /**
   * Creates an id from an entity interface or class and a key; the name is the one {@link
   * EntityNames#of} gives the type, the same a worker hosts the implementing class under: {@code
   * EntityInstanceId.of(Counter.class, "c1")} and {@code EntityInstanceId.of(CounterEntity.class,
   * "c1")} are both {@code @counter@c1}.
   *
   * @param entityType the entity interface or class
   * @param key the key; not null, may be empty, kept as given
   * @return the id
   * @throws InvalidEntityInterfaceException if no name can be derived from the type, or a class and
   *     its entity interfaces name the entity differently
   * @throws IllegalArgumentException if the key is null
   */
  public static EntityInstanceId of(Class<?> entityType, String key) {
    if (entityType == null) {
      throw new IllegalArgumentException(
          "Entity type is null (key "
              + quote(key)
              + "); give the entity interface or class, e.g. Account.class");
    }
    return of(EntityNames.of(entityType), key);
  }

  /**
   * Parses the canonical form {@code @name@key}. The first character must be {@code @}; the name
   * runs to the next {@code @}; the key is the rest and may contain {@code @} or be empty.
   *
   * @param value the canonical form
   * @return the id
   * @throws IllegalArgumentException if the value is null or not of the form {@code @name@key}
   */
  @JsonCreator
  public static EntityInstanceId parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Cannot parse a null entity id; expected the form \"@name@key\", e.g. \"@account@a1\"");
    }
    if (value.isEmpty() || value.charAt(0) != '@') {
      throw new IllegalArgumentException(
          "Cannot parse entity id "
              + quote(value)
              + ": it must start with '@' (form \"@name@key\", e.g. \"@account@a1\")");
    }
    int separator = value.indexOf('@', 1);
    if (separator < 0) {
      throw new IllegalArgumentException(
          "Cannot parse entity id "
              + quote(value)
              + ": there is no second '@' between name and key (form \"@name@key\", e.g."
              + " \"@account@a1\")");
    }
    return of(value.substring(1, separator), value.substring(separator + 1));
  }

  /**
   * Returns the entity name, lower-cased.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the key, exactly as given.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Orders by name, then by key, both ordinal.
   *
   * @param other the id to compare with
   * @return a negative number, zero or a positive number
   */
  @Override
  public int compareTo(EntityInstanceId other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : key.compareTo(other.key);
  }

  /**
   * Two ids are equal when name and key are equal.
   *
   * @param other the object to compare with
   * @return whether both denote the same entity
   */
  @Override
  public boolean equals(Object other) {
    return this == other
        || (other instanceof EntityInstanceId that && canonical.equals(that.canonical));
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /**
   * Returns the canonical form {@code @name@key}, which {@link #parse} reads back.
   *
   * @return the canonical form
   */
  @JsonValue
  @Override
  public String toString() {
    return canonical;
  }

  private static String quote(String value) {
    return value == null ? "null" : '"' + value + '"';
  }
}
