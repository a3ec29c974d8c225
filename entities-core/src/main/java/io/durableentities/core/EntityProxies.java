package io.durableentities.core;

import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.EntityProxyFactory;
import io.durableentities.core.spi.RecordedCall;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed entity proxies, made by the {@link EntityProxyFactory} found on the class path (the {@code
 * io.durableentities:entities-proxy} module provides one).
 *
 * <pre>{@code
 * Account account = EntityProxies.create(Account.class, (operation, input) -> {
 *   System.out.println(operation.name() + " " + input);
 *   return null;
 * });
 * RecordedCall call = EntityProxies.record(Account.class, a -> a.deposit(5));
 * }</pre>
 */
public final class EntityProxies {

  private static final Logger LOG = LoggerFactory.getLogger(EntityProxies.class);

  private static volatile EntityProxyFactory factory;

  private EntityProxies() {}

  /**
   * Creates a proxy that hands each operation call to an invoker.
   *
   * @param entityInterface the entity interface, checked with {@link EntityInterfaceMetadata}
   * @param invoker receives the calls
   * @param <T> the interface type
   * @return the proxy
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory is on the class path
   */
  public static <T> T create(Class<T> entityInterface, EntityInvoker invoker) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(invoker, "invoker");
    EntityInterfaceMetadata.of(entityInterface);
    return factory(entityInterface).createProxy(entityInterface, invoker);
  }

  /**
   * Records the operation call a lambda or method reference makes, such as {@code a ->
   * a.deposit(5)}.
   *
   * @param entityInterface the entity interface, checked with {@link EntityInterfaceMetadata}
   * @param call makes exactly one operation call
   * @param <T> the interface type
   * @return the recorded operation and input
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory is on the class path
   */
  public static <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(call, "call");
    EntityInterfaceMetadata.of(entityInterface);
    return factory(entityInterface).record(entityInterface, call);
  }

  private static EntityProxyFactory factory(Class<?> entityInterface) {
    EntityProxyFactory found = factory;
    if (found != null) {
      return found;
    }
    synchronized (EntityProxies.class) {
      if (factory == null) {
        factory = load().orElse(null);
      }
      if (factory == null) {
        throw new EntityException(
            "No EntityProxyFactory on the classpath: add the dependency"
                + " io.durableentities:entities-proxy to use typed proxies for "
                + entityInterface.getSimpleName());
      }
      return factory;
    }
  }

  private static Optional<EntityProxyFactory> load() {
    try {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      Optional<EntityProxyFactory> found =
          context == null
              ? Optional.empty()
              : ServiceLoader.load(EntityProxyFactory.class, context).findFirst();
      if (found.isEmpty()) {
        found =
            ServiceLoader.load(EntityProxyFactory.class, EntityProxies.class.getClassLoader())
                .findFirst();
      }
      found.ifPresent(f -> LOG.debug("Using entity proxy factory {}", f.getClass().getName()));
      return found;
    } catch (ServiceConfigurationError e) {
      throw new EntityException(
          "The EntityProxyFactory on the classpath could not be loaded: "
              + e.getMessage()
              + ". Check that io.durableentities:entities-proxy matches the version of"
              + " entities-core",
          e);
    }
  }
}
