package io.durableentities.proxy;

import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.EntityProxyFactory;
import io.durableentities.core.spi.RecordedCall;
import io.durableentities.proxy.internal.ByteBuddyProxies;
import java.util.function.Consumer;

/**
 * The {@link EntityProxyFactory} of this module, found by {@link java.util.ServiceLoader}: typed
 * entity proxies as classes generated with ByteBuddy. Applications use {@link
 * io.durableentities.core.EntityProxies}, which finds this factory; create one directly only to
 * bypass the service lookup. Instances are stateless and thread-safe; all of them share one class
 * cache.
 *
 * <h2>Proxies</h2>
 *
 * Each interface gets one generated class per class loader, made on first use and kept while the
 * interface's class loader lives. Every operation method (as defined by {@link
 * io.durableentities.core.EntityInterfaceMetadata}) calls {@link EntityInvoker#invoke} directly
 * with the operation and the input argument, boxed if primitive; an {@code EntityContext} parameter
 * is not passed on. The result is cast or unboxed to the method's return type; {@code null} for a
 * primitive result throws {@link io.durableentities.core.EntityException}. Default methods run
 * locally and may call operations; static methods are not proxied.
 *
 * <h2>Value semantics</h2>
 *
 * Two proxies are equal when they implement the same interface and their invokers' {@link
 * EntityInvoker#target() targets} are equal; {@code hashCode} follows, and {@code toString} prints
 * {@code Account proxy for } and the target. None of them calls the invoker's {@code invoke}.
 *
 * <h2>Errors</h2>
 *
 * Misuse fails when the proxy is created, with {@link
 * io.durableentities.core.InvalidEntityInterfaceException} naming the interface, the method and the
 * fix: a class instead of an interface, an interface breaking a metadata rule, a sealed interface,
 * an abstract method that is not an operation (from a {@code java.*} super-interface), or a
 * non-public interface in a package this module cannot define classes in.
 */
public final class ByteBuddyEntityProxyFactory implements EntityProxyFactory {

  /** Creates a factory; called by {@link java.util.ServiceLoader}. */
  public ByteBuddyEntityProxyFactory() {}

  @Override
  public <T> T createProxy(Class<T> entityInterface, EntityInvoker invoker) {
    return ByteBuddyProxies.create(entityInterface, invoker);
  }

  @Override
  public <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call) {
    return ByteBuddyProxies.record(entityInterface, call);
  }

  @Override
  public String toString() {
    return "ByteBuddyEntityProxyFactory";
  }
}
