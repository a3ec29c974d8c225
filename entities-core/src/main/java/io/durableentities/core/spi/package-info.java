/**
 * Service provider interfaces: how typed proxies plug into the core.
 *
 * <p>An {@link io.durableentities.core.spi.EntityProxyFactory} turns calls on an entity interface
 * into (operation, input) pairs for an {@link io.durableentities.core.spi.EntityInvoker}. The
 * factory is found with {@link java.util.ServiceLoader}; the {@code entities-proxy} module provides
 * one. Applications use {@link io.durableentities.core.EntityProxies}.
 *
 * <pre>{@code
 * EntityInvoker printer = (operation, input) -> {
 *   System.out.println(operation.name() + "(" + input + ")");
 *   return null;
 * };
 * Counter counter = EntityProxies.create(Counter.class, printer);
 * counter.add(5);   // prints add(5)
 * }</pre>
 */
package io.durableentities.core.spi;
