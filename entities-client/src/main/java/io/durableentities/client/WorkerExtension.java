package io.durableentities.client;

/**
 * Something that adds work-item kinds to a {@link DurableWorker}, such as the orchestrations and
 * activities of {@code OrchestrationWorker} ({@code orchestration-bridge}):
 *
 * <pre>{@code
 * DurableWorker.newBuilder(connection)
 *     .entity(AccountEntity.class)
 *     .extension(OrchestrationWorker.of(registry))
 *     .start();
 * }</pre>
 *
 * <p>Only Durable Entities modules implement it: the module that defines an extension type also
 * provides, internally, what turns it into work-item handlers, and {@link
 * DurableWorker.Builder#extension} rejects a type that no module on the class path runs.
 */
public interface WorkerExtension {}
