package io.durableentities.client;

import io.durableentities.client.internal.grpc.ClientContext;

/**
 * Adds calls to a {@link DurableClient}, for Durable Entities modules (the orchestration module
 * adds its client this way). Applications use the modules' own entry points instead.
 *
 * <p>The client creates the extension's object once, on first use, with a context giving its
 * channel (headers and credentials included), data converter, call timeout and retry policy; an
 * object that is {@link AutoCloseable} is closed with the client.
 *
 * @param <T> the type of the object the extension adds
 */
@FunctionalInterface
public interface ClientExtension<T> {

  /**
   * Creates the extension's object for a client.
   *
   * @param context the client's channel, converter and call settings (an internal type)
   * @return the object, not null
   */
  T create(ClientContext context);
}
