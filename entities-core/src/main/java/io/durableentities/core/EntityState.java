package io.durableentities.core;

import java.lang.reflect.Type;

/**
 * The state of an entity during an operation. Changes are transactional: they are kept when the
 * operation succeeds and rolled back when it throws. An entity without state does not exist.
 */
public interface EntityState {

  /**
   * Tells whether the entity has state.
   *
   * @return whether state exists
   */
  boolean exists();

  /**
   * Returns the state, deserialized to a class.
   *
   * @param type the state class
   * @param <T> the state type
   * @return the state, or null when there is none
   * @throws DataConverterException if the stored state cannot be read as that class
   */
  @SuppressWarnings("unchecked")
  default <T> T get(Class<T> type) {
    return (T) get((Type) type);
  }

  /**
   * Returns the state, deserialized to a type, generic types included.
   *
   * @param type the state type
   * @return the state, or null when there is none
   * @throws DataConverterException if the stored state cannot be read as that type
   */
  Object get(Type type);

  /**
   * Replaces the state.
   *
   * @param value the new state; null deletes the state
   */
  void set(Object value);

  /** Deletes the state; the entity no longer exists once the operation succeeds. */
  void delete();
}
