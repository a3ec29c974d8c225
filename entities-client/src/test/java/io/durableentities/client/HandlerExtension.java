package io.durableentities.client;

import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.grpc.WorkerContext;
import io.durableentities.client.internal.grpc.WorkerExtensionProvider;
import java.util.List;
import java.util.function.Function;

/**
 * A worker extension for tests, run by its {@link Provider} (listed in this module's test {@code
 * META-INF/services}) as a module's extension is: the handlers are what the test gives.
 *
 * @param handlers creates the handlers when the worker starts
 */
record HandlerExtension(Function<WorkerContext, List<WorkItemHandler>> handlers)
    implements WorkerExtension {

  /** Runs {@link HandlerExtension}s. */
  public static final class Provider implements WorkerExtensionProvider<HandlerExtension> {

    @Override
    public Class<HandlerExtension> extensionType() {
      return HandlerExtension.class;
    }

    @Override
    public List<WorkItemHandler> createHandlers(HandlerExtension extension, WorkerContext context) {
      return extension.handlers().apply(context);
    }
  }
}
