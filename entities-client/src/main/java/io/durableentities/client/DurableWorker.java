package io.durableentities.client;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.internal.HostedEntities;
import io.durableentities.client.internal.grpc.ChannelConfig;
import io.durableentities.client.internal.grpc.Extensions;
import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.client.internal.grpc.WorkerContext;
import io.durableentities.client.internal.grpc.WorkerRuntime;
import io.durableentities.client.internal.grpc.WorkerSettings;
import io.durableentities.core.DataConverter;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityNames;
import io.durableentities.core.InvalidEntityInterfaceException;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.TaskEntity;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Hosts entities: receives their work items from a scheduler, runs each batch of operations and
 * reports the results.
 *
 * <pre>{@code
 * try (DurableWorker worker = DurableWorker.newBuilder("Endpoint=http://localhost:8080;Authentication=None")
 *         .entity(AccountEntity.class)
 *         .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The worker connects in the background ({@code Hello}, then one {@code GetWorkItems} stream)
 * and reconnects with exponential backoff when the stream fails. Batches run on a pool of {@link
 * Builder#maxConcurrentEntityWorkItems} threads. A batch that cannot run (an exception or {@link
 * Error} escaping the runtime, a rejected completion) is abandoned, so the scheduler delivers it
 * again. The worker sends the names it hosts as work-item filters, so a scheduler that honours them
 * (the embedded one does) holds work for a name no connected worker hosts until one connects; an
 * operation that reaches a worker not hosting its entity name anyway fails with a non-retriable
 * {@code EntityTaskNotFound} failure. {@link #close()} stops taking work, lets running batches
 * finish up to the {@link Builder#shutdownTimeout}, abandons the rest and closes the connection.
 *
 * <p>The worker traces each entity operation, orchestration episode and activity with OpenTelemetry
 * ({@link Builder#openTelemetry}), as children of the trace context that came with the work item;
 * see {@code docs/observability.md}.
 */
public final class DurableWorker implements AutoCloseable {

  private final WorkerRuntime runtime;
  private final ConnectionString connection;
  private final Duration shutdownTimeout;

  private DurableWorker(WorkerRuntime runtime, ConnectionString connection, Duration timeout) {
    this.runtime = runtime;
    this.connection = connection;
    this.shutdownTimeout = timeout;
  }

  /**
   * Returns a builder for a connection string.
   *
   * @param connectionString such as {@code Endpoint=http://localhost:8080;Authentication=None}
   * @return a builder
   * @throws IllegalArgumentException if the connection string is invalid
   */
  public static Builder newBuilder(String connectionString) {
    return new Builder(ConnectionString.parse(connectionString));
  }

  /**
   * Returns a builder for a parsed connection string.
   *
   * @param connectionString the connection string
   * @return a builder
   */
  public static Builder newBuilder(ConnectionString connectionString) {
    return new Builder(Objects.requireNonNull(connectionString, "connectionString"));
  }

  /**
   * Tells whether the worker was started and not closed.
   *
   * @return whether it runs
   */
  public boolean isRunning() {
    return !runtime.isClosed();
  }

  /**
   * Tells whether the work-item stream is open.
   *
   * @return whether connected
   */
  public boolean isConnected() {
    return runtime.isConnected();
  }

  /**
   * Waits until the worker said {@code Hello} and opened its work-item stream.
   *
   * @param timeout how long to wait
   * @return whether it is connected
   * @throws InterruptedException if interrupted
   */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return runtime.awaitConnected(Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Returns the connection string.
   *
   * @return the connection string
   */
  public ConnectionString connection() {
    return connection;
  }

  /** Stops at once without answering the items in hand, like a crash. For tests. */
  void abort() {
    runtime.abort();
  }

  /**
   * Graceful shutdown: stops taking work, lets running batches complete up to the shutdown timeout,
   * abandons what remains and closes the connection. Idempotent.
   */
  @Override
  public void close() {
    runtime.shutdown(shutdownTimeout);
  }

  @Override
  public String toString() {
    return "DurableWorker{" + connection + "}";
  }

  /**
   * The default entity concurrency per processor. A batch holds its slot until the scheduler has
   * durably committed its result (a round trip plus a group commit; the thread is free meanwhile),
   * so a slot mostly waits; with two per processor, many-entity signal load and orchestrations
   * calling entities were bound by that wait instead of the CPU.
   */
  static final int DEFAULT_ENTITY_WORK_ITEMS_PER_PROCESSOR = 8;

  /** Builds and starts a {@link DurableWorker}. */
  public static final class Builder {

    private final ConnectionString connection;
    private final HostedEntities entities = new HostedEntities();
    private final List<WorkerExtension> registered = new ArrayList<>();
    private final List<Function<WorkerContext, List<WorkItemHandler>>> extensions =
        new ArrayList<>();
    private DataConverter dataConverter = JacksonDataConverter.defaultInstance();
    private TokenCredential credential;
    private int maxConcurrentEntityWorkItems =
        DEFAULT_ENTITY_WORK_ITEMS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Duration callTimeout = Duration.ofSeconds(30);
    private String resourceId = ChannelConfig.DEFAULT_RESOURCE_ID;
    private int maxInboundMessageSize = ChannelConfig.DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private Duration reconnectInitialDelay = Duration.ofMillis(100);
    private Duration reconnectMaxDelay = Duration.ofSeconds(30);
    private Path trustedCertificates;
    private OpenTelemetry openTelemetry;
    private InstantSource clock = InstantSource.system();
    private PayloadStore payloadStore;

    private Builder(ConnectionString connection) {
      this.connection = connection;
    }

    /**
     * Sets the OpenTelemetry instance the worker emits spans and metrics to. By default the worker
     * uses {@link GlobalOpenTelemetry#get()} when it starts: the instance an SDK registered
     * globally or the OpenTelemetry Java agent installed, otherwise a no-op that costs next to
     * nothing (the convention of libraries instrumented with the OpenTelemetry API). Set it when
     * the application configures an SDK without registering it globally, or to {@link
     * OpenTelemetry#noop()} to turn tracing off for this worker. Extensions such as {@code
     * OrchestrationWorker} use the same instance.
     *
     * @param openTelemetry the instance
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Hosts an entity class under the name {@link EntityNames#of} derives; a new object is made per
     * batch with its no-arg constructor.
     *
     * @param entityClass the entity class
     * @return this builder
     * @throws InvalidEntityInterfaceException if the class is not a valid entity
     * @throws IllegalArgumentException if it has no usable no-arg constructor or the name is taken
     */
    public Builder entity(Class<? extends TaskEntity<?>> entityClass) {
      entities.add(entityClass);
      return this;
    }

    /**
     * Hosts an entity class under the name {@link EntityNames#of} derives, with its objects made by
     * a factory called once per batch: for entities with constructor arguments, or made by a
     * dependency-injection container. The class is checked now, as {@link #entity(Class)} checks
     * it.
     *
     * @param entityClass the entity class, concrete
     * @param factory returns a new object of that class for each batch
     * @param <E> the entity type
     * @return this builder
     * @throws InvalidEntityInterfaceException if the class is not a valid entity
     * @throws IllegalArgumentException if the class is abstract or the name is taken
     */
    public <E extends Entity> Builder entity(Class<E> entityClass, Supplier<? extends E> factory) {
      entities.add(entityClass, factory);
      return this;
    }

    /**
     * Hosts an entity under a name, made by a factory called once per batch.
     *
     * @param name the entity name (lower-cased)
     * @param factory returns a new entity object for each batch
     * @return this builder
     * @throws IllegalArgumentException if the name is blank, contains {@code @} or is taken
     */
    public Builder entity(String name, Supplier<? extends Entity> factory) {
      entities.add(name, factory);
      return this;
    }

    /**
     * Sets the data converter for inputs, results and states (default {@link
     * JacksonDataConverter#defaultInstance()}).
     *
     * @param dataConverter the converter
     * @return this builder
     */
    public Builder dataConverter(DataConverter dataConverter) {
      this.dataConverter = Objects.requireNonNull(dataConverter, "dataConverter");
      return this;
    }

    /**
     * Sets the clock the worker reads "now" from (default the system clock): the start and end
     * times of entity operations and the request time of the signals and starts they send. The test
     * environment of {@code entities-testing} passes its virtual clock. Deadlines, leases and
     * reconnection delays stay on real time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Trusts the certificates in this PEM file (e.g. a self-signed test certificate or a private
     * CA) for an {@code https} endpoint, instead of the JVM's default trust store. Only this
     * client's connection is affected, no JVM-wide setting.
     *
     * @param pemFile a PEM file of one or more CA certificates
     * @return this builder
     */
    public Builder trustedCertificates(Path pemFile) {
      this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
      return this;
    }

    /**
     * Sets the credential, overriding the connection string's {@code Authentication}.
     *
     * @param credential the credential
     * @return this builder
     */
    public Builder credential(TokenCredential credential) {
      this.credential = Objects.requireNonNull(credential, "credential");
      return this;
    }

    /**
     * Sets how many entity batches run at once (default eight per processor: a batch keeps its slot
     * until the scheduler answered its completion, which waits for a durable commit).
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConcurrentEntityWorkItems(int max) {
      this.maxConcurrentEntityWorkItems = max;
      return this;
    }

    /**
     * Sets how long {@link #close()} lets running batches finish (default 30 s).
     *
     * @param timeout not negative
     * @return this builder
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the deadline of {@code Hello} and completion calls (default 30 s).
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Sets the bounds of the reconnect backoff (default 100 ms growing to 30 s, full jitter).
     *
     * @param initial the first delay bound, positive
     * @param max the largest delay bound, not below the first
     * @return this builder
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      this.reconnectInitialDelay = Objects.requireNonNull(initial, "initial");
      this.reconnectMaxDelay = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * Sets the resource tokens are requested for (default {@code https://durabletask.io}).
     *
     * @param resourceId the resource id
     * @return this builder
     */
    public Builder resourceId(String resourceId) {
      this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
      return this;
    }

    /**
     * Stores large payloads outside the scheduler's messages: the worker resolves the payload
     * references in its work items before running them, stores the results, entity states and
     * action inputs of at least the store's threshold and sends references instead, and tells the
     * scheduler so ({@code WORKER_CAPABILITY_LARGE_PAYLOADS}). Give the clients the same store.
     * Without one (the default), a work item with a reference fails (each entity operation, the
     * orchestration or the activity) with a {@link PayloadStoreException} naming the instance or
     * entity, the entity state left as it was; a store that cannot be reached has the item
     * abandoned and delivered again.
     *
     * @param store the store, such as {@code AzureBlobPayloadStore} of {@code
     *     entities-azure-blob-payloads}
     * @return this builder
     */
    public Builder payloadStore(PayloadStore store) {
      this.payloadStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the largest work item the worker accepts (default 16 MiB).
     *
     * @param bytes positive
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Adds an extension that runs other work-item kinds, such as {@code
     * OrchestrationWorker.of(registry)} of {@code orchestration-bridge}. Modules on the class path
     * may also add an extension to every worker by themselves: with {@code orchestration-bridge},
     * every worker runs the built-in orchestration behind {@link EntityClient#call client calls}
     * (inside the registered {@code OrchestrationWorker}, or on its own when there is none).
     *
     * @param extension the extension
     * @return this builder
     * @throws IllegalArgumentException if no module on the class path runs the extension's type
     *     (see {@link WorkerExtension})
     */
    public Builder extension(WorkerExtension extension) {
      extensions.add(Extensions.bind(extension));
      registered.add(extension);
      return this;
    }

    /**
     * Validates the settings, then starts the worker; it connects in the background.
     *
     * @return the running worker
     * @throws IllegalArgumentException if a setting is invalid or nothing is hosted
     */
    public DurableWorker start() {
      WorkerRuntime runtime =
          new WorkerSettings(
                  connection,
                  entities.byName(),
                  registered,
                  extensions,
                  dataConverter,
                  credential,
                  maxConcurrentEntityWorkItems,
                  shutdownTimeout,
                  callTimeout,
                  resourceId,
                  maxInboundMessageSize,
                  reconnectInitialDelay,
                  reconnectMaxDelay,
                  trustedCertificates,
                  openTelemetry,
                  clock,
                  payloadStore)
              .start();
      return new DurableWorker(runtime, connection, shutdownTimeout);
    }
  }
}
