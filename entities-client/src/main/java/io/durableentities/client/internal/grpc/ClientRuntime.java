package io.durableentities.client.internal.grpc;

import com.azure.core.credential.TokenCredential;
import com.google.protobuf.Empty;
import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.EntityClient;
import io.durableentities.core.DataConverter;
import io.durableentities.core.DurableException;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC parts of a {@link io.durableentities.client.DurableClient}: its channel and services.
 */
public final class ClientRuntime implements AutoCloseable {

  private final ManagedChannel channel;
  private final ClientContext context;
  private final GrpcEntityClient entities;

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
   */
  public ClientRuntime(
      ConnectionString connection,
      TokenCredential credential,
      String resourceId,
      int maxInboundMessageSize,
      DataConverter dataConverter,
      Duration callTimeout,
      ClientRetryPolicy retryPolicy) {
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
                Clock.systemUTC()));
    this.context = new ClientContext(channel, connection, dataConverter, callTimeout, retryPolicy);
    this.entities = new GrpcEntityClient(context, Clock.systemUTC());
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

  /** Shuts the channel down, waiting briefly for calls in progress. */
  @Override
  public void close() {
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
