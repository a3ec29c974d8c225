package io.durableentities.core;

import java.lang.reflect.Type;

/**
 * One operation delivered to an {@link Entity}: its name, its input, the entity's state and a
 * context for side effects. Valid only while {@link Entity#run} runs.
 */
public interface EntityOperation {

  /**
   * Returns the operation name, as requested (not normalised).
   *
   * @return the operation name
   */
  String name();

  /**
   * Tells whether the operation carries an input.
   *
   * @return whether an input was sent
   */
  boolean hasInput();

  /**
   * Returns the input, deserialized to a class.
   *
   * @param type the input class
   * @param <T> the input type
   * @return the input, or null when there is none
   * @throws DataConverterException if the input cannot be read as that class
   */
  @SuppressWarnings("unchecked")
  default <T> T input(Class<T> type) {
    return (T) input((Type) type);
  }

  /**
   * Returns the input, deserialized to a type, generic types included.
   *
   * @param type the input type
   * @return the input, or null when there is none
   * @throws DataConverterException if the input cannot be read as that type
   */
  Object input(Type type);

  /**
   * Returns the context for side effects.
   *
   * @return the context
   */
  EntityContext context();

  /**
   * Returns the entity's state.
   *
   * @return the state
   */
  EntityState state();
}
