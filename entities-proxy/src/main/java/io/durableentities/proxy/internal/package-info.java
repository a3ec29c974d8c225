/**
 * Internals of the typed entity proxies: the ByteBuddy class generator, its per-class-loader cache,
 * the byte code of the generated methods and the method-reference recorder.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only where the service
 * loader or the generated classes need them; they may change or disappear in any release.
 * Applications must not use them.
 */
package io.durableentities.proxy.internal;
