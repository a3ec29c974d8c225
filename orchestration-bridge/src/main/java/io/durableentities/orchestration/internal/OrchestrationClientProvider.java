package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.ClientExtensionProvider;
import io.durableentities.orchestration.OrchestrationClient;

/**
 * Adds the {@link OrchestrationClient} to every {@link io.durableentities.client.DurableClient}
 * ({@link OrchestrationClient#of}). Found by the client through {@code META-INF/services}.
 */
public final class OrchestrationClientProvider
    implements ClientExtensionProvider<OrchestrationClient> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public OrchestrationClientProvider() {}

  @Override
  public Class<OrchestrationClient> extensionType() {
    return OrchestrationClient.class;
  }

  @Override
  public OrchestrationClient create(ClientContext context) {
    return new GrpcOrchestrationClient(context, context.clock());
  }
}
