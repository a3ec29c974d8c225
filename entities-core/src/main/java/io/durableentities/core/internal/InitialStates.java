package io.durableentities.core.internal;

import io.durableentities.core.EntityException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The default initial state of a {@code TaskEntity} for a state type. */
public final class InitialStates {

  private static final Map<Class<?>, Object> CONSTANTS =
      Map.ofEntries(
          Map.entry(Long.class, 0L),
          Map.entry(Integer.class, 0),
          Map.entry(Short.class, (short) 0),
          Map.entry(Byte.class, (byte) 0),
          Map.entry(Double.class, 0.0d),
          Map.entry(Float.class, 0.0f),
          Map.entry(BigDecimal.class, BigDecimal.ZERO),
          Map.entry(BigInteger.class, BigInteger.ZERO),
          Map.entry(Boolean.class, Boolean.FALSE),
          Map.entry(String.class, ""),
          Map.entry(Optional.class, Optional.empty()));

  private InitialStates() {}

  /**
   * Returns a new initial state: zero for numbers, {@code false}, {@code ""}, {@code
   * Optional.empty()}, an empty mutable collection for collection interfaces, a no-arg-constructor
   * instance for concrete classes that have one, and null otherwise.
   *
   * @param type the state type
   * @return the initial state, or null
   * @throws EntityException if the no-arg constructor throws
   */
  public static Object of(Type type) {
    Class<?> raw = GenericTypes.rawClass(type);
    Object constant = CONSTANTS.get(raw);
    if (constant != null) {
      return constant;
    }
    if (raw.isInterface()) {
      return emptyCollection(raw);
    }
    if (raw.isPrimitive()
        || raw.isArray()
        || raw.isEnum()
        || Modifier.isAbstract(raw.getModifiers())
        || (raw.isMemberClass() && !Modifier.isStatic(raw.getModifiers()))) {
      return null;
    }
    Constructor<?> constructor;
    try {
      constructor = raw.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      return null;
    }
    try {
      constructor.trySetAccessible();
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new EntityException(
          "The no-arg constructor of state type "
              + raw.getName()
              + " threw "
              + e.getCause()
              + "; fix the constructor or override initialState() in the entity",
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new EntityException(
          "Cannot call the no-arg constructor of state type "
              + raw.getName()
              + ": "
              + e
              + "; make it public or override initialState() in the entity",
          e);
    }
  }

  private static Object emptyCollection(Class<?> raw) {
    if (raw == NavigableSet.class || raw == SortedSet.class) {
      return new TreeSet<>();
    }
    if (raw == Set.class) {
      return new LinkedHashSet<>();
    }
    if (raw == NavigableMap.class || raw == SortedMap.class) {
      return new TreeMap<>();
    }
    if (raw == Map.class) {
      return new LinkedHashMap<>();
    }
    if (raw == Deque.class || raw == Queue.class) {
      return new ArrayDeque<>();
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
      return new ArrayList<>();
    }
    return null;
  }
}
