package io.durableentities.core.internal;

import io.durableentities.core.EntityState;
import java.lang.reflect.Type;

/**
 * An {@link EntityState} that can be told the declared type of a new value, so that the runtime can
 * keep the value across operations of a batch without reading it back from JSON.
 */
public interface TypedEntityState extends EntityState {

  /**
   * Replaces the state with a value of a declared type.
   *
   * @param value the new state; null deletes the state
   * @param type the type later operations will read the state as
   */
  void set(Object value, Type type);
}
