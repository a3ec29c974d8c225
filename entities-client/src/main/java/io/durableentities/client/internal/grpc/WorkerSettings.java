package io.durableentities.client.internal.grpc;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.WorkerExtension;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.core.Entity;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a {@link io.durableentities.client.DurableWorker.Builder} was given, checked and turned into
 * a started {@link WorkerRuntime}: the channel settings, the entity handler and the extensions'
 * handlers. Taken in at {@code start()} and used at once: the collections are the builder's own.
 * For Durable Entities modules.
 *
 * @param connection the connection string
 * @param entities the hosted entities by name, in registration order
 * @param registered the extensions the application registered
 * @param extensions creates the registered extensions' handlers
 * @param dataConverter the data converter
 * @param credential the credential overriding the connection string's, or null
 * @param maxConcurrentEntityWorkItems how many entity batches run at once
 * @param shutdownTimeout how long a close lets running items finish
 * @param callTimeout the deadline of {@code Hello} and completion calls
 * @param resourceId the resource tokens are requested for
 * @param maxInboundMessageSize the largest work item accepted
 * @param reconnectInitialDelay the first reconnect delay bound
 * @param reconnectMaxDelay the largest reconnect delay bound
 * @param trustedCertificates a PEM file of trusted certificates, or null for the JVM's
 * @param openTelemetry the OpenTelemetry instance, or null for the global one
 * @param clock the clock the worker reads "now" from
 * @param payloadStore the payload store, or null for none
 */
public record WorkerSettings(
    ConnectionString connection,
    Map<String, Supplier<? extends Entity>> entities,
    List<WorkerExtension> registered,
    List<Function<WorkerContext, List<WorkItemHandler>>> extensions,
    DataConverter dataConverter,
    TokenCredential credential,
    int maxConcurrentEntityWorkItems,
    Duration shutdownTimeout,
    Duration callTimeout,
    String resourceId,
    int maxInboundMessageSize,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    Path trustedCertificates,
    OpenTelemetry openTelemetry,
    InstantSource clock,
    PayloadStore payloadStore) {

  /**
   * Checks the settings, then opens the worker's channel and starts its runtime, which connects in
   * the background.
   *
   * @return the running runtime
   * @throws IllegalArgumentException if a setting is invalid or nothing is hosted
   */
  public WorkerRuntime start() {
    validate();
    TokenCredential token =
        credential != null ? credential : connection.newCredential().orElse(null);
    ChannelConfig channel =
        new ChannelConfig(
            connection.endpoint(),
            connection.taskHub(),
            token,
            resourceId,
            maxInboundMessageSize,
            Identity.userAgent(),
            Identity.newWorkerId(),
            Clock.systemUTC(),
            trustedCertificates,
            connection.inProcessName().orElse(null));
    Clock now = clock.withZone(ZoneOffset.UTC);
    List<Function<WorkerContext, List<WorkItemHandler>>> all = new ArrayList<>(extensions);
    all.addAll(Extensions.implicit(registered));
    EntityRegistry registry = EntityRegistry.of(entities);
    String defaultOrchestrationVersion = Extensions.defaultOrchestrationVersion(registered);
    WorkerRuntime runtime =
        WorkerRuntime.open(
            channel,
            connection,
            dataConverter,
            callTimeout,
            openTelemetry != null ? Telemetry.of(openTelemetry) : Telemetry.global(),
            context -> {
              List<WorkItemHandler> handlers = new ArrayList<>();
              handlers.add(
                  new EntityWorkItemHandler(
                      new EntityBatchExecutor(registry, dataConverter, now),
                      registry.names(),
                      maxConcurrentEntityWorkItems,
                      now,
                      context.telemetry(),
                      defaultOrchestrationVersion));
              for (Function<WorkerContext, List<WorkItemHandler>> extension : all) {
                handlers.addAll(extension.apply(context));
              }
              return handlers;
            },
            reconnectInitialDelay,
            reconnectMaxDelay,
            PayloadCodec.of(payloadStore, "DurableWorker.Builder"));
    runtime.start();
    return runtime;
  }

  private void validate() {
    if (entities.isEmpty() && extensions.isEmpty()) {
      throw new IllegalArgumentException(
          "The worker for "
              + connection.endpoint()
              + " hosts nothing: register at least one entity with entity(...) (or an"
              + " extension)");
    }
    if (maxConcurrentEntityWorkItems < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentEntityWorkItems must be at least 1, was " + maxConcurrentEntityWorkItems);
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("shutdownTimeout must not be negative");
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
    }
    if (reconnectInitialDelay.isNegative()
        || reconnectInitialDelay.isZero()
        || reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
      throw new IllegalArgumentException(
          "reconnectBackoff: the first delay must be positive and not above the largest, was "
              + reconnectInitialDelay
              + " and "
              + reconnectMaxDelay);
    }
  }
}
