package io.durableentities.proxy.internal;

import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.RecordedCall;
import java.util.Objects;
import java.util.function.Consumer;

/** The entry point of the implementation, for {@code ByteBuddyEntityProxyFactory}. */
public final class ByteBuddyProxies {

  private ByteBuddyProxies() {}

  /**
   * Creates a proxy.
   *
   * @param entityInterface the entity interface
   * @param invoker receives the calls
   * @param <T> the interface type
   * @return the proxy
   * @throws io.durableentities.core.InvalidEntityInterfaceException if no proxy can be made
   */
  public static <T> T create(Class<T> entityInterface, EntityInvoker invoker) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(invoker, "invoker");
    return entityInterface.cast(ProxyClasses.of(entityInterface).newInstance(invoker));
  }

  /**
   * Records the one operation call a lambda makes.
   *
   * @param entityInterface the entity interface
   * @param call makes exactly one operation call
   * @param <T> the interface type
   * @return the recorded call
   * @throws io.durableentities.core.EntityException if the lambda calls no operation or several
   */
  public static <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call) {
    return OperationRecorder.record(entityInterface, call);
  }
}
