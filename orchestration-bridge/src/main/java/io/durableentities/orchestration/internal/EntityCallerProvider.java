package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.ClientExtensionProvider;
import io.durableentities.client.internal.grpc.EntityCaller;

/**
 * Gives every {@link io.durableentities.client.DurableClient} its client calls to entities ({@code
 * client.entities().call(...)}), through the built-in orchestration. Found by the client through
 * {@code META-INF/services}.
 */
public final class EntityCallerProvider implements ClientExtensionProvider<EntityCaller> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public EntityCallerProvider() {}

  @Override
  public Class<EntityCaller> extensionType() {
    return EntityCaller.class;
  }

  @Override
  public EntityCaller create(ClientContext context) {
    return new GrpcEntityCaller(context, context.clock());
  }
}
