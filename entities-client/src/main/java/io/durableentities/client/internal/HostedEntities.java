package io.durableentities.client.internal;

import io.durableentities.core.Entity;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityNames;
import io.durableentities.core.TaskEntity;
import io.durableentities.core.internal.EntityClassFactory;
import io.durableentities.core.internal.TaskEntityModel;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The entities a {@link io.durableentities.client.DurableWorker.Builder} hosts, by name in
 * registration order, each checked when it is registered (a valid entity class, concrete, its name
 * not taken). Owned by its builder; not thread-safe. For Durable Entities modules.
 */
public final class HostedEntities {

  private final Map<String, Supplier<? extends Entity>> byName = new LinkedHashMap<>();

  /**
   * Hosts an entity class under the name {@link EntityNames#of} derives, made with its no-arg
   * constructor.
   *
   * @param entityClass the entity class
   * @throws io.durableentities.core.InvalidEntityInterfaceException if the class is not a valid
   *     entity
   * @throws IllegalArgumentException if it has no usable no-arg constructor or the name is taken
   */
  public void add(Class<? extends TaskEntity<?>> entityClass) {
    Objects.requireNonNull(entityClass, "entityClass");
    String name = EntityNames.of(entityClass);
    register(name, EntityClassFactory.of(entityClass, name));
  }

  /**
   * Hosts an entity class under the name {@link EntityNames#of} derives, made by a factory.
   *
   * @param entityClass the entity class, concrete
   * @param factory returns a new object of that class for each batch
   * @param <E> the entity type
   * @throws io.durableentities.core.InvalidEntityInterfaceException if the class is not a valid
   *     entity
   * @throws IllegalArgumentException if the class is abstract or the name is taken
   */
  public <E extends Entity> void add(Class<E> entityClass, Supplier<? extends E> factory) {
    Objects.requireNonNull(entityClass, "entityClass");
    Objects.requireNonNull(factory, "factory");
    String name = EntityNames.of(entityClass);
    if (entityClass.isInterface() || Modifier.isAbstract(entityClass.getModifiers())) {
      throw new IllegalArgumentException(
          "Cannot host entity '"
              + name
              + "': "
              + entityClass.getName()
              + " is abstract; register the concrete entity class");
    }
    if (TaskEntity.class.isAssignableFrom(entityClass)) {
      TaskEntityModel.of(entityClass);
    }
    register(name, factory);
  }

  /**
   * Hosts an entity under a name, made by a factory.
   *
   * @param name the entity name (lower-cased)
   * @param factory returns a new entity object for each batch
   * @throws IllegalArgumentException if the name is blank, contains {@code @} or is taken
   */
  public void add(String name, Supplier<? extends Entity> factory) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(factory, "factory");
    register(EntityInstanceId.of(name, "").name(), factory);
  }

  /**
   * Returns the hosted entities.
   *
   * @return a read-only view, by name in registration order
   */
  public Map<String, Supplier<? extends Entity>> byName() {
    return Collections.unmodifiableMap(byName);
  }

  private void register(String name, Supplier<? extends Entity> factory) {
    if (byName.putIfAbsent(name, factory) != null) {
      throw new IllegalArgumentException(
          "Entity name '" + name + "' is registered twice; register each entity once");
    }
  }
}
