package io.durableentities.client.internal.grpc;

import io.durableentities.client.WorkerExtension;
import java.util.List;

/**
 * Runs one type of {@link WorkerExtension}: the internal contract behind that public marker. A
 * Durable Entities module that adds work-item kinds to the worker implements it (with a public
 * no-arg constructor) and lists the implementation in {@code
 * META-INF/services/io.durableentities.client.internal.grpc.WorkerExtensionProvider}; the worker
 * finds it with {@link java.util.ServiceLoader} when the extension is registered.
 *
 * @param <E> the extension type
 */
public interface WorkerExtensionProvider<E extends WorkerExtension> {

  /**
   * Returns the extension type this provider runs (its subtypes included).
   *
   * @return the type
   */
  Class<E> extensionType();

  /**
   * Creates the handlers for an extension's work-item kinds; called once, when the worker starts.
   * Each handler declares its kinds, its concurrency limit and its work-item filters, and runs its
   * items on a pool of its own (so two kinds with limits of their own need two handlers).
   *
   * @param extension the extension, as registered
   * @param context the worker's channel, connection string and data converter
   * @return the handlers, not null, not empty; no two claim the same kind
   */
  List<WorkItemHandler> createHandlers(E extension, WorkerContext context);

  /**
   * Returns the version an extension gives orchestrations started without one by the worker's
   * entities; by default none. The orchestration module returns its versioning's default version,
   * the same it gives sub-orchestrations.
   *
   * @param extension the extension, as registered
   * @return the version, or null for none
   */
  default String defaultOrchestrationVersion(E extension) {
    return null;
  }

  /**
   * Returns the extension every worker runs, when this module is on its class path and no extension
   * of {@link #extensionType()} was registered on it; by default none. The orchestration module
   * uses it to run the built-in orchestration that carries client calls to entities.
   *
   * @return the extension, or null for none
   */
  default E implicitExtension() {
    return null;
  }
}
