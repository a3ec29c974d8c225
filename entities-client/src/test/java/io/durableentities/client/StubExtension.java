package io.durableentities.client;

import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.ClientExtensionProvider;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;

/**
 * A client extension for tests, created by its {@link Provider} (listed in this module's test
 * {@code META-INF/services}) as a module's extension is: it keeps what the client gave it.
 *
 * @param context the client's context
 */
record StubExtension(ClientContext context) {

  /** Returns a blocking stub on the client's channel. */
  TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub() {
    return context.blockingStub();
  }

  /** Creates {@link StubExtension}s. */
  public static final class Provider implements ClientExtensionProvider<StubExtension> {

    @Override
    public Class<StubExtension> extensionType() {
      return StubExtension.class;
    }

    @Override
    public StubExtension create(ClientContext context) {
      return new StubExtension(context);
    }
  }
}
