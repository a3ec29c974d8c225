package io.durableentities.core.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.DataConverterException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

/**
 * The state of an entity during a batch, with per-operation transactions.
 *
 * <p>The committed state is its JSON form, so rollback is exact: a failed operation simply forgets
 * its changes. To avoid reading the state back after every operation, the object last written by a
 * successful operation is kept and handed to the next operation that reads the state as the same
 * type; rollback drops it.
 */
final class BatchState implements TypedEntityState {

  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class,
          Long.class,
          Integer.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          Boolean.class,
          Character.class,
          BigDecimal.class,
          BigInteger.class);

  private final DataConverter converter;
  private String committed;
  private Object value;
  private Type valueType;
  private boolean cached;
  private boolean dirty;

  BatchState(DataConverter converter, String committed) {
    this.converter = converter;
    this.committed = committed;
  }

  @Override
  public boolean exists() {
    return dirty ? value != null : committed != null;
  }

  @Override
  public Object get(Type type) {
    if (dirty) {
      if (value == null) {
        return null;
      }
      if (type.equals(valueType) || (type instanceof Class<?> raw && raw.isInstance(value))) {
        return value;
      }
      return converter.deserialize(serialize(value), type);
    }
    if (committed == null) {
      return null;
    }
    if (cached && type.equals(valueType)) {
      return value;
    }
    Object read = converter.deserialize(committed, type);
    value = read;
    valueType = type;
    cached = read != null;
    return read;
  }

  @Override
  public void set(Object newValue) {
    set(newValue, newValue == null ? null : newValue.getClass());
  }

  @Override
  public void set(Object newValue, Type type) {
    value = newValue;
    valueType = type;
    dirty = true;
    cached = false;
  }

  @Override
  public void delete() {
    set(null, null);
  }

  /** The JSON the running operation would commit; throws if the new state cannot be serialized. */
  String pending() {
    return dirty ? serialize(value) : committed;
  }

  /** Commits the running operation with the JSON from {@link #pending()}. */
  void commit(String json) {
    committed = json;
    if (dirty) {
      dirty = false;
      cached = value != null;
    } else if (cached && !IMMUTABLE.contains(value.getClass())) {
      // read but not written back: the object may have been changed in place, read it again
      cached = false;
      value = null;
    }
  }

  /** Forgets the running operation's changes. */
  void rollback() {
    dirty = false;
    cached = false;
    value = null;
    valueType = null;
  }

  /** The committed state. */
  String committed() {
    return committed;
  }

  private String serialize(Object newValue) {
    if (newValue == null) {
      return null;
    }
    String json = converter.serialize(newValue);
    if (json == null) {
      throw new DataConverterException(
          "The data converter "
              + converter
              + " returned null for a state of type "
              + newValue.getClass().getName()
              + "; a non-null state must serialize to non-null text (use null to delete the"
              + " state)",
          null);
    }
    return json;
  }
}
