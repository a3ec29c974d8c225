package io.durableentities.client.internal.grpc;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.EntityClient;
import io.durableentities.core.DataConverter;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
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
   * @param trustedCertificates a PEM file of certificates to trust for TLS, or null for the JVM's
   */
  public ClientRuntime(
      ConnectionString connection,
      TokenCredential credential,
      String resourceId,
      int maxInboundMessageSize,
      DataConverter dataConverter,
      Duration callTimeout,
      ClientRetryPolicy retryPolicy,
      Path trustedCertificates) {
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
                trustedCertificates));
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
