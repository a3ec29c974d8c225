/**
 * Internals of the worker and the client: signal proxies' invoker, credentials chosen by connection
 * string, loopback checks.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only so that other modules
 * of this project can use them; they may change or disappear in any release. Applications must not
 * use them.
 */
package io.durableentities.client.internal;
