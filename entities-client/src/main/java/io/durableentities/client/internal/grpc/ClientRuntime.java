package io.durableentities.client.internal.grpc;

import com.azure.core.credential.TokenCredential;
import com.google.protobuf.Empty;
import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.EntityClient;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.core.DurableException;
import io.durableentities.core.EntityException;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC parts of a {@link io.durableentities.client.DurableClient}: its channel and services.
 */
public final class ClientRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientRuntime.class);

  private final ManagedChannel channel;
  private final ClientContext context;
  private final GrpcEntityClient entities;
  private volatile EntityCaller caller;

  /**
   * Opens a channel.
   *
   * @param connection where to connect
   * @param credential the credential, or null for none
   * @param resourceId the token resource id
   * @param maxInboundMessageSize the largest accepted message
   * @param dataConverter the data converter
   * @param callTimeout the deadline of each call attempt
   * @param retryPolicy the retry policy
   * @param trustedCertificates a PEM file of certificates to trust for TLS, or null for the JVM's
   * @param telemetry the client's telemetry
   * @param clock what "now" is for request times and delays (not for deadlines or tokens)
   * @param payloadStore where large payloads go, or null for none (tokens in answers then fail)
   */
  public ClientRuntime(
      ConnectionString connection,
      TokenCredential credential,
      String resourceId,
      int maxInboundMessageSize,
      DataConverter dataConverter,
      Duration callTimeout,
      ClientRetryPolicy retryPolicy,
      Path trustedCertificates,
      Telemetry telemetry,
      InstantSource clock,
      PayloadStore payloadStore) {
    Clock now = clock.withZone(ZoneOffset.UTC);
    this.channel =
        GrpcChannels.create(
            new ChannelConfig(
                connection.endpoint(),
                connection.taskHub(),
                credential,
                resourceId,
                maxInboundMessageSize,
                Identity.userAgent(),
                null,
                Clock.systemUTC(),
                trustedCertificates,
                connection.inProcessName().orElse(null)));
    Channel calls =
        ClientInterceptors.intercept(
            channel,
            new PayloadInterceptor(PayloadCodec.of(payloadStore, "DurableClient.Builder")));
    this.context =
        new ClientContext(
            calls, connection, dataConverter, callTimeout, retryPolicy, telemetry, now);
    this.entities = new GrpcEntityClient(context, now, this::caller);
  }

  /**
   * Returns the entity caller that {@code orchestration-bridge} provides, creating it on first use.
   *
   * @return the caller
   * @throws EntityException naming the module and its Maven coordinates when it is not on the class
   *     path
   */
  private EntityCaller caller() {
    EntityCaller found = caller;
    if (found != null) {
      return found;
    }
    synchronized (this) {
      if (caller == null) {
        caller =
            Extensions.findClientProvider(EntityCaller.class)
                .orElseThrow(ClientRuntime::noCaller)
                .create(context);
      }
      return caller;
    }
  }

  private static EntityException noCaller() {
    return new EntityException(
        "Client calls to entities need the module io.durableentities:orchestration-bridge on the"
            + " class path: the wire contract lets only orchestrations receive an entity's answer,"
            + " so a call runs a small built-in orchestration. Add"
            + " <dependency><groupId>io.durableentities</groupId>"
            + "<artifactId>orchestration-bridge</artifactId><version>"
            + Identity.version()
            + "</version></dependency> to this application and to the workers (with"
            + " io.durableentities:entities-bom imported, leave out the version); workers with"
            + " it run that orchestration by themselves. Or send one-way signals with"
            + " client.entities().signal(...) and read states with client.entities().get(...)");
  }

  /**
   * Returns the context given to client extensions.
   *
   * @return the context
   */
  public ClientContext context() {
    return context;
  }

  /**
   * Returns the entity client.
   *
   * @return the entity client
   */
  public EntityClient entities() {
    return entities;
  }

  /**
   * Sends one {@code Hello}, not retried.
   *
   * @param timeout the call's deadline
   * @throws DurableException naming the endpoint and the gRPC status when it got no answer
   */
  public void ping(Duration timeout) {
    try {
      TaskHubSidecarServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .hello(Empty.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw new DurableException(
          "The scheduler at "
              + context.connection().endpoint()
              + " did not answer Hello within "
              + timeout
              + ": "
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " (" + e.getStatus().getDescription() + ")")
              + "; check that it runs and that the connection string points at it",
          e);
    }
  }

  /**
   * Closes the entity caller, then shuts the channel down, waiting briefly for calls in progress.
   */
  @Override
  public void close() {
    if (caller instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Closing the entity caller {} failed", caller, e);
      }
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
