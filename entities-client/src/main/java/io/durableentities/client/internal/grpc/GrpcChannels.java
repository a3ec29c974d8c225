package io.durableentities.client.internal.grpc;

import io.durableentities.client.internal.Loopback;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates channels to a scheduler: TLS for https (trusting the JVM's trust store, or the PEM file
 * {@link ChannelConfig#trustedCertificates()} names), plaintext for http, the {@code taskhub},
 * {@code x-user-agent} and (for workers) {@code workerid} headers on every call, and a bearer token
 * when there is a credential.
 */
public final class GrpcChannels {

  /** The {@code taskhub} header. */
  public static final Metadata.Key<String> TASK_HUB =
      Metadata.Key.of("taskhub", Metadata.ASCII_STRING_MARSHALLER);

  /** The {@code x-user-agent} header. */
  public static final Metadata.Key<String> USER_AGENT =
      Metadata.Key.of("x-user-agent", Metadata.ASCII_STRING_MARSHALLER);

  /** The {@code workerid} header. */
  public static final Metadata.Key<String> WORKER_ID =
      Metadata.Key.of("workerid", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The {@code x-abandon-reason} header: {@code shutdown} on an abandon sent because the worker is
   * closing, so that the embedded scheduler does not count it as a failed delivery (other
   * schedulers ignore it).
   */
  public static final Metadata.Key<String> ABANDON_REASON =
      Metadata.Key.of("x-abandon-reason", Metadata.ASCII_STRING_MARSHALLER);

  /** The {@code authorization} header. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Logger LOG = LoggerFactory.getLogger(GrpcChannels.class);

  private GrpcChannels() {}

  /**
   * Creates a channel.
   *
   * @param config the endpoint, headers and credential
   * @return the channel; the caller shuts it down
   * @throws IllegalArgumentException if a credential would be sent over plaintext to a host that is
   *     not loopback, or trusted certificates are given for an http endpoint
   * @throws UncheckedIOException if the trusted certificates cannot be read
   */
  public static ManagedChannel create(ChannelConfig config) {
    if (config.inProcessName() != null) {
      return withHeaders(InProcessChannels.builder(config.inProcessName()), config).build();
    }
    URI endpoint = config.endpoint();
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    String host = endpoint.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = port(endpoint);
    if (!tls && config.credential() != null && !Loopback.isLoopback(host)) {
      throw new IllegalArgumentException(
          "Refusing to send an access token over plaintext http to "
              + endpoint
              + ": use an https endpoint, or Authentication=None for a local scheduler");
    }
    if (!tls && config.trustedCertificates() != null) {
      throw new IllegalArgumentException(
          "Trusted certificates "
              + config.trustedCertificates()
              + " were given for the plaintext endpoint "
              + endpoint
              + ": use an https endpoint for a scheduler that serves TLS");
    }
    ManagedChannelBuilder<?> builder =
        withHeaders(NettyChannelBuilder.forAddress(host, port, credentials(tls, config)), config);
    LOG.debug(
        "Channel to {}:{} ({}), task hub '{}'{}",
        host,
        port,
        tls ? "TLS" : "plaintext",
        config.taskHub(),
        config.credential() == null ? "" : ", with bearer token");
    return builder.build();
  }

  /** The settings and headers of every channel, whatever its transport. */
  private static ManagedChannelBuilder<?> withHeaders(
      ManagedChannelBuilder<?> builder, ChannelConfig config) {
    BearerTokenCredentials bearer =
        config.credential() == null
            ? null
            : new BearerTokenCredentials(
                new TokenCache(config.credential(), config.resourceId(), config.clock()));
    return builder
        .maxInboundMessageSize(config.maxInboundMessageSize())
        .userAgent(config.userAgent())
        // Calls are retried by Retrier (clients) or abandoned and delivered again (workers);
        // gRPC's own retry layer would only add a buffering wrapper to every call.
        .disableRetry()
        .intercept(new HeadersInterceptor(config, bearer));
  }

  private static ChannelCredentials credentials(boolean tls, ChannelConfig config) {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    if (config.trustedCertificates() == null) {
      return TlsChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder()
          .trustManager(config.trustedCertificates().toFile())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read the trusted certificates "
              + config.trustedCertificates()
              + " (a PEM file of CA certificates): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Returns the port of an endpoint: the explicit one, else 443 for https and 80 for http.
   *
   * @param endpoint the endpoint
   * @return the port
   */
  public static int port(URI endpoint) {
    if (endpoint.getPort() >= 0) {
      return endpoint.getPort();
    }
    return "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
  }

  /** Adds the headers and call credentials to every call. */
  private static final class HeadersInterceptor implements ClientInterceptor {

    private final ChannelConfig config;
    private final BearerTokenCredentials bearer;

    HeadersInterceptor(ChannelConfig config, BearerTokenCredentials bearer) {
      this.config = config;
      this.bearer = bearer;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
      CallOptions options = bearer == null ? callOptions : callOptions.withCallCredentials(bearer);
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<RespT> listener, Metadata headers) {
          headers.put(TASK_HUB, config.taskHub());
          headers.put(USER_AGENT, config.userAgent());
          if (config.workerId() != null) {
            headers.put(WORKER_ID, config.workerId());
          }
          super.start(listener, headers);
        }
      };
    }
  }
}
