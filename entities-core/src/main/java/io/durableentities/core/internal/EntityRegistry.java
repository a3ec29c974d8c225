package io.durableentities.core.internal;

import io.durableentities.core.Entity;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Entity factories by entity name. Lookup is exact first, then case-insensitive; names that differ
 * only in case cannot both be registered.
 */
public final class EntityRegistry {

  private final Map<String, Supplier<? extends Entity>> exact;
  private final Map<String, Supplier<? extends Entity>> lowerCase = new LinkedHashMap<>();

  private EntityRegistry(Map<String, ? extends Supplier<? extends Entity>> factories) {
    this.exact = Map.copyOf(factories);
    factories.forEach(
        (name, factory) -> {
          if (lowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), factory) != null) {
            throw new IllegalArgumentException(
                "Entity name '"
                    + name
                    + "' is registered twice (entity names are case-insensitive); register each"
                    + " entity once");
          }
        });
  }

  /**
   * Creates a registry.
   *
   * @param factories factories by entity name
   * @return the registry
   * @throws IllegalArgumentException if two names differ only in case
   */
  public static EntityRegistry of(Map<String, ? extends Supplier<? extends Entity>> factories) {
    return new EntityRegistry(Objects.requireNonNull(factories, "factories"));
  }

  /**
   * Finds the factory for an entity name: exact match first, then ignoring case.
   *
   * @param name the entity name
   * @return the factory, or null when none is registered
   */
  public Supplier<? extends Entity> find(String name) {
    Supplier<? extends Entity> factory = exact.get(name);
    return factory != null ? factory : lowerCase.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the registered names, sorted.
   *
   * @return the names
   */
  public Set<String> names() {
    return new TreeSet<>(exact.keySet());
  }
}
