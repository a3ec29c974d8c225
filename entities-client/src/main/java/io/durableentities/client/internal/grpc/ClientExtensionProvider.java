package io.durableentities.client.internal.grpc;

/**
 * Creates the object of a type that a Durable Entities module adds to every {@link
 * io.durableentities.client.DurableClient} (the orchestration module adds its {@code
 * OrchestrationClient} this way). The module implements it (with a public no-arg constructor) and
 * lists the implementation in {@code
 * META-INF/services/io.durableentities.client.internal.grpc.ClientExtensionProvider}; {@link
 * io.durableentities.client.DurableClient#extension} finds it with {@link java.util.ServiceLoader}.
 *
 * @param <T> the type added
 */
public interface ClientExtensionProvider<T> {

  /**
   * Returns the type this provider adds.
   *
   * @return the type, as passed to {@link io.durableentities.client.DurableClient#extension}
   */
  Class<T> extensionType();

  /**
   * Creates the object for a client; called once per client, on first use. An object that is {@link
   * AutoCloseable} is closed with the client.
   *
   * @param context the client's channel (headers and credentials included), converter, call timeout
   *     and retry policy
   * @return the object, an instance of {@link #extensionType()}
   */
  T create(ClientContext context);
}
