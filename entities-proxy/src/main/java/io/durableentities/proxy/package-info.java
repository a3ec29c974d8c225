/**
 * Typed entity proxies generated with ByteBuddy: the implementation of the core proxy SPI ({@link
 * io.durableentities.core.spi.EntityProxyFactory}). Add this module to the class path and {@link
 * io.durableentities.core.EntityProxies}, {@code EntityTester.proxy(...)} and {@code
 * EntityContext.signalProxy(...)} find it; there is nothing to call directly.
 *
 * <pre>{@code
 * Account account = EntityProxies.create(Account.class, (operation, input) -> {
 *   System.out.println(operation.name() + "(" + input + ")");
 *   return null;
 * });
 * account.deposit(5);                                                   // prints deposit(5)
 * RecordedCall call = EntityProxies.record(Account.class, a -> a.deposit(5));
 * }</pre>
 *
 * See {@link io.durableentities.proxy.ByteBuddyEntityProxyFactory} for what proxies do.
 */
package io.durableentities.proxy;
