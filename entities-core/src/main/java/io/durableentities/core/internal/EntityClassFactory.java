package io.durableentities.core.internal;

import io.durableentities.core.Entity;
import io.durableentities.core.EntityException;
import io.durableentities.core.TaskEntity;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

/** Makes a new entity object per batch from an entity class's no-arg constructor. */
public final class EntityClassFactory {

  private EntityClassFactory() {}

  /**
   * Checks an entity class and returns a factory calling its no-arg constructor.
   *
   * @param entityClass the entity class
   * @param name its entity name, for messages
   * @return the factory
   * @throws io.durableentities.core.InvalidEntityInterfaceException if the class is not a valid
   *     entity
   * @throws IllegalArgumentException if it is abstract or has no accessible no-arg constructor
   */
  public static Supplier<Entity> of(Class<? extends TaskEntity<?>> entityClass, String name) {
    if (Modifier.isAbstract(entityClass.getModifiers())) {
      throw new IllegalArgumentException(
          "Cannot host entity '" + name + "': " + entityClass.getName() + " is abstract");
    }
    TaskEntityModel.of(entityClass);
    Constructor<? extends TaskEntity<?>> constructor;
    try {
      constructor = entityClass.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "Cannot host entity '"
              + name
              + "': "
              + entityClass.getName()
              + " has no no-arg constructor; add one, or register a factory with"
              + " entity(name, supplier)",
          e);
    }
    if (!constructor.trySetAccessible()) {
      throw new IllegalArgumentException(
          "Cannot host entity '"
              + name
              + "': the no-arg constructor of "
              + entityClass.getName()
              + " is not accessible; make it public, or register a factory with"
              + " entity(name, supplier)");
    }
    return () -> instantiate(constructor, name);
  }

  private static Entity instantiate(Constructor<? extends TaskEntity<?>> constructor, String name) {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new EntityException(
          "The constructor of "
              + constructor.getDeclaringClass().getName()
              + " (entity '"
              + name
              + "') threw "
              + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new EntityException(
          "Cannot create " + constructor.getDeclaringClass().getName() + ": " + e, e);
    }
  }
}
