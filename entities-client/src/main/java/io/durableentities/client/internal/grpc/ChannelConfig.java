package io.durableentities.client.internal.grpc;

import com.azure.core.credential.TokenCredential;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What a channel needs: the endpoint, the headers and the credential.
 *
 * @param endpoint the scheduler URL (http or https)
 * @param taskHub the value of the {@code taskhub} header
 * @param credential the credential for the {@code authorization} header, or null for none
 * @param resourceId the token resource id; the scope is {@code <resourceId>/.default}
 * @param maxInboundMessageSize the largest message accepted, in bytes
 * @param userAgent the {@code x-user-agent} header and channel user agent
 * @param workerId the {@code workerid} header, or null (clients send none)
 * @param clock the clock deciding when tokens are near expiry
 * @param trustedCertificates a PEM file of the certificates to trust for TLS instead of the JVM's
 *     default trust store, or null for the default
 * @param inProcessName the name of a scheduler in this JVM to reach through gRPC's in-process
 *     transport instead of {@code endpoint}, or null for the network
 */
public record ChannelConfig(
    URI endpoint,
    String taskHub,
    TokenCredential credential,
    String resourceId,
    int maxInboundMessageSize,
    String userAgent,
    String workerId,
    Clock clock,
    Path trustedCertificates,
    String inProcessName) {

  /** The default token resource id. */
  public static final String DEFAULT_RESOURCE_ID = "https://durabletask.io";

  /** The default largest inbound message: 16 MiB. */
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 16 * 1024 * 1024;

  /**
   * Validates the components.
   *
   * @param endpoint not null
   * @param taskHub not null
   * @param credential nullable
   * @param resourceId not null
   * @param maxInboundMessageSize positive
   * @param userAgent not null
   * @param workerId nullable
   * @param clock not null
   * @param trustedCertificates nullable
   * @param inProcessName nullable
   */
  public ChannelConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(taskHub, "taskHub");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(clock, "clock");
    if (maxInboundMessageSize <= 0) {
      throw new IllegalArgumentException(
          "maxInboundMessageSize must be positive, was " + maxInboundMessageSize);
    }
  }

  /**
   * A configuration over the network.
   *
   * @param endpoint not null
   * @param taskHub not null
   * @param credential nullable
   * @param resourceId not null
   * @param maxInboundMessageSize positive
   * @param userAgent not null
   * @param workerId nullable
   * @param clock not null
   * @param trustedCertificates nullable
   */
  public ChannelConfig(
      URI endpoint,
      String taskHub,
      TokenCredential credential,
      String resourceId,
      int maxInboundMessageSize,
      String userAgent,
      String workerId,
      Clock clock,
      Path trustedCertificates) {
    this(
        endpoint,
        taskHub,
        credential,
        resourceId,
        maxInboundMessageSize,
        userAgent,
        workerId,
        clock,
        trustedCertificates,
        null);
  }

  /**
   * A configuration that trusts the JVM's default trust store.
   *
   * @param endpoint not null
   * @param taskHub not null
   * @param credential nullable
   * @param resourceId not null
   * @param maxInboundMessageSize positive
   * @param userAgent not null
   * @param workerId nullable
   * @param clock not null
   */
  public ChannelConfig(
      URI endpoint,
      String taskHub,
      TokenCredential credential,
      String resourceId,
      int maxInboundMessageSize,
      String userAgent,
      String workerId,
      Clock clock) {
    this(
        endpoint,
        taskHub,
        credential,
        resourceId,
        maxInboundMessageSize,
        userAgent,
        workerId,
        clock,
        null,
        null);
  }
}
