package io.durableentities.client;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.internal.grpc.ChannelConfig;
import io.durableentities.client.internal.grpc.ClientExtensionProvider;
import io.durableentities.client.internal.grpc.ClientRuntime;
import io.durableentities.client.internal.grpc.Extensions;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.core.JacksonDataConverter;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a scheduler for applications: signal, call, read, query and clean entities.
 *
 * <pre>{@code
 * try (DurableClient client = DurableClient.connect("Endpoint=http://localhost:8080;Authentication=None")) {
 *   client.entities().signal(Account.class, "acct-1").deposit(500);          // one-way
 *   long balance = client.entities().call(Account.class, "acct-1").balance(); // waits for the result
 * }
 * }</pre>
 *
 * <p>A client is thread-safe and meant to be shared; close it to release its channel. Each call has
 * a deadline ({@link Builder#callTimeout}, default 30 s) and is retried on UNAVAILABLE and
 * DEADLINE_EXCEEDED according to the {@link ClientRetryPolicy}.
 *
 * <p>The client traces its calls with OpenTelemetry ({@link Builder#openTelemetry}), and its trace
 * context travels with signals and orchestration starts to the workers; see {@code
 * docs/observability.md}.
 */
public final class DurableClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DurableClient.class);

  private final ClientRuntime runtime;
  private final ConnectionString connection;
  private final DataConverter dataConverter;
  private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private DurableClient(Builder builder) {
    this.connection = builder.connection;
    this.dataConverter = builder.dataConverter;
    TokenCredential credential =
        builder.credential != null ? builder.credential : connection.newCredential().orElse(null);
    this.runtime =
        new ClientRuntime(
            connection,
            credential,
            builder.resourceId,
            builder.maxInboundMessageSize,
            builder.dataConverter,
            builder.callTimeout,
            builder.retryPolicy,
            builder.trustedCertificates,
            builder.openTelemetry != null
                ? Telemetry.of(builder.openTelemetry)
                : Telemetry.global(),
            builder.clock,
            builder.payloadStore);
  }

  /**
   * Connects with the default settings.
   *
   * @param connectionString such as {@code Endpoint=http://localhost:8080;Authentication=None}
   * @return the client
   * @throws IllegalArgumentException if the connection string is invalid
   */
  public static DurableClient connect(String connectionString) {
    return newBuilder(connectionString).build();
  }

  /**
   * Connects with the default settings.
   *
   * @param connectionString the parsed connection string
   * @return the client
   */
  public static DurableClient connect(ConnectionString connectionString) {
    return newBuilder(connectionString).build();
  }

  /**
   * Returns a builder for a connection string.
   *
   * @param connectionString the connection string
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
   * Returns the entity operations.
   *
   * @return the entity client
   */
  public EntityClient entities() {
    return runtime.entities();
  }

  /**
   * Returns the connection string.
   *
   * @return the connection string
   */
  public ConnectionString connection() {
    return connection;
  }

  /**
   * Returns the data converter.
   *
   * @return the data converter
   */
  public DataConverter dataConverter() {
    return dataConverter;
  }

  /**
   * Checks that the scheduler answers: one {@code Hello} call with a deadline, not retried. For
   * health checks; the other calls need no ping first.
   *
   * @param timeout how long to wait for the answer, positive
   * @throws io.durableentities.core.DurableException naming the endpoint and the gRPC status when
   *     no answer came in time
   * @throws IllegalStateException if the client is closed
   */
  public void ping(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (closed) {
      throw new IllegalStateException("The DurableClient for " + connection + " is closed");
    }
    runtime.ping(timeout);
  }

  /**
   * Returns this client's object of a type that another Durable Entities module adds to clients,
   * creating it on first use (once per client); it uses this client's channel, data converter, call
   * timeout and retry policy, and is closed with the client. Modules give it an entry point of
   * their own, which is the one to use: {@code OrchestrationClient.of(client)} is {@code
   * client.extension(OrchestrationClient.class)}.
   *
   * @param type the type, such as {@code OrchestrationClient}
   * @param <T> the type
   * @return the object
   * @throws IllegalStateException if the client is closed
   * @throws IllegalArgumentException if no module on the class path adds that type
   */
  public <T> T extension(Class<T> type) {
    Objects.requireNonNull(type, "type");
    if (closed) {
      throw new IllegalStateException("The DurableClient for " + connection + " is closed");
    }
    return type.cast(extensions.computeIfAbsent(type, this::createExtension));
  }

  private Object createExtension(Class<?> type) {
    ClientExtensionProvider<?> provider = Extensions.clientProvider(type);
    Object created = provider.create(runtime.context());
    if (!type.isInstance(created)) {
      throw new IllegalStateException(
          "ClientExtensionProvider "
              + provider.getClass().getName()
              + " returned "
              + created
              + " for "
              + type.getName()
              + "; it must return an instance of that type");
    }
    return created;
  }

  /** Closes the extensions' closeable objects and the channel. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Object> objects = new ArrayList<>(extensions.values());
    for (Object object : objects) {
      if (object instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("Closing client extension {} failed", object.getClass().getName(), e);
        }
      }
    }
    runtime.close();
  }

  @Override
  public String toString() {
    return "DurableClient{" + connection + "}";
  }

  /** Builds a {@link DurableClient}. */
  public static final class Builder {

    private final ConnectionString connection;
    private TokenCredential credential;
    private DataConverter dataConverter = JacksonDataConverter.defaultInstance();
    private Duration callTimeout = Duration.ofSeconds(30);
    private ClientRetryPolicy retryPolicy = ClientRetryPolicy.defaults();
    private String resourceId = ChannelConfig.DEFAULT_RESOURCE_ID;
    private int maxInboundMessageSize = ChannelConfig.DEFAULT_MAX_INBOUND_MESSAGE_SIZE;
    private Path trustedCertificates;
    private OpenTelemetry openTelemetry;
    private InstantSource clock = InstantSource.system();
    private PayloadStore payloadStore;

    private Builder(ConnectionString connection) {
      this.connection = connection;
    }

    /**
     * Sets the OpenTelemetry instance the client emits spans and metrics to, and whose context it
     * sends along with signals and orchestration starts, so that the workers' spans continue the
     * caller's trace. By default the client uses {@link GlobalOpenTelemetry#get()} when it is
     * built: the instance an SDK registered globally or the OpenTelemetry Java agent installed,
     * otherwise a no-op that costs next to nothing (the convention of libraries instrumented with
     * the OpenTelemetry API). Set it when the application configures an SDK without registering it
     * globally, or to {@link OpenTelemetry#noop()} to turn tracing off for this client.
     *
     * @param openTelemetry the instance
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
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
     * Sets the data converter for inputs and states (default {@link
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
     * Sets the deadline of each call attempt (default 30 s).
     *
     * @param callTimeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
      return this;
    }

    /**
     * Sets the retry policy (default {@link ClientRetryPolicy#defaults()}).
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(ClientRetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the resource tokens are requested for (default {@code https://durabletask.io}).
     *
     * @param resourceId the resource id; the scope is {@code <resourceId>/.default}
     * @return this builder
     */
    public Builder resourceId(String resourceId) {
      this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
      return this;
    }

    /**
     * Sets the clock the client reads "now" from (default the system clock): the time a {@link
     * EntityClient#signalAfter signalAfter} delay counts from, and the request time of each signal
     * and start. The test environment of {@code entities-testing} passes its virtual clock, so that
     * {@code signalAfter(type, id, Duration.ofHours(1))} is due an hour of virtual time later. Call
     * deadlines and token expiry stay on real time.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Stores large payloads outside the scheduler's messages: inputs, event data and signal inputs
     * of at least the store's threshold are stored and sent as tokens, and the tokens in the
     * states, inputs and outputs the client reads are resolved. Give the workers the same store.
     * Without one (the default), a token the client reads fails with a {@link
     * PayloadStoreException} naming the instance or entity.
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
     * Sets the largest message the client accepts (default 16 MiB).
     *
     * @param bytes positive
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Validates the settings and connects. The channel connects lazily, on the first call.
     *
     * @return the client
     * @throws IllegalArgumentException if a setting is invalid, or a credential would be sent over
     *     plaintext to a host that is not loopback
     */
    public DurableClient build() {
      if (callTimeout.isNegative() || callTimeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
      }
      if (maxInboundMessageSize <= 0) {
        throw new IllegalArgumentException(
            "maxInboundMessageSize must be positive, was " + maxInboundMessageSize);
      }
      if (resourceId.isBlank()) {
        throw new IllegalArgumentException("resourceId must not be blank");
      }
      return new DurableClient(this);
    }
  }
}
