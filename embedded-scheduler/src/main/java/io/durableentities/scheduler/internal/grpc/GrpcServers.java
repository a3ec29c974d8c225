package io.durableentities.scheduler.internal.grpc;

import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty gRPC servers of one scheduler: one per listen address (by default {@code 127.0.0.1} and
 * {@code ::1} on the same port, so {@code localhost} works whichever address a client resolves),
 * sharing one small owned executor. Handlers never block: writes are handed to the group-commit
 * writer and answered from its thread. Handlers run on the transport thread (no executor hop per
 * call, about 0.2 ms less per call here); the reads that take the engine lock run on the executor.
 * With {@link SchedulerOptions#tlsCertificateChain()} they serve TLS, and with {@link
 * SchedulerOptions#authToken()} every call must carry the token ({@link BearerTokenAuth}); with
 * {@link SchedulerOptions#recordRequests()} every request is written to a file ({@link
 * RequestRecorder}).
 */
public final class GrpcServers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcServers.class);

  private final List<Server> servers;
  private final ExecutorService executor;
  private final int port;
  private final RequestRecorder recorder;

  private GrpcServers(
      List<Server> servers, ExecutorService executor, int port, RequestRecorder recorder) {
    this.servers = servers;
    this.executor = executor;
    this.port = port;
    this.recorder = recorder;
  }

  /**
   * Starts listening on {@link SchedulerOptions#host()} (both loopback addresses when empty) and
   * {@link SchedulerOptions#port()} (0 for a free one, the same for both loopback addresses).
   *
   * @param options the host, port, message limit, TLS files and token
   * @param engine the engine's façade
   * @throws IOException when the first address cannot be bound, or the TLS files cannot be read
   */
  public static GrpcServers start(SchedulerOptions options, EngineFacade engine)
      throws IOException {
    String host = options.host().orElse(null);
    int port = options.port();
    int maxMessageBytes = options.maxMessageBytes();
    ServerCredentials credentials = credentials(options);
    RequestRecorder recorder = recorder(options);
    ExecutorService executor = newExecutor();
    ServerServiceDefinition service = service(options, engine, executor, recorder);
    List<Server> servers = new ArrayList<>();
    try {
      InetSocketAddress first =
          host == null
              ? new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)
              : new InetSocketAddress(host, port);
      Server main = build(first, credentials, maxMessageBytes, service).start();
      servers.add(main);
      int actual = main.getPort();
      if (host == null) {
        InetSocketAddress v6 =
            new InetSocketAddress(
                InetAddress.getByAddress(
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
                actual);
        try {
          servers.add(build(v6, credentials, maxMessageBytes, service).start());
        } catch (IOException | RuntimeException e) {
          log.info(
              "Not listening on [::1]:{} (IPv6 loopback unavailable: {})", actual, e.toString());
        }
      }
      return new GrpcServers(servers, executor, actual, recorder);
    } catch (IOException | RuntimeException e) {
      servers.forEach(Server::shutdownNow);
      executor.shutdownNow();
      if (recorder != null) {
        recorder.close();
      }
      throw e;
    }
  }

  /**
   * Serves the engine to this JVM only, through gRPC's in-process transport under {@code name} (for
   * the test environment of {@code entities-testing}, with {@code grpc-inprocess} on the class
   * path): calls are method calls, without sockets or HTTP/2 framing. Same service, limits and
   * token as {@link #start}; {@link #port()} is -1.
   *
   * @param name the in-process server name, unique in this JVM
   * @param options the message limit and token
   * @param engine the engine's façade
   * @throws IOException when the name is taken
   */
  public static GrpcServers startInProcess(
      String name, SchedulerOptions options, EngineFacade engine) throws IOException {
    RequestRecorder recorder = recorder(options);
    ExecutorService executor = newExecutor();
    ServerServiceDefinition service = service(options, engine, executor, recorder);
    try {
      Server server = InProcessServers.build(name, options.maxMessageBytes(), service).start();
      return new GrpcServers(List.of(server), executor, -1, recorder);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      if (recorder != null) {
        recorder.close();
      }
      throw e;
    }
  }

  /** The recorder of {@link SchedulerOptions#recordRequests()}, or null. */
  private static RequestRecorder recorder(SchedulerOptions options) throws IOException {
    return options.recordRequests().isEmpty()
        ? null
        : RequestRecorder.open(options.recordRequests().get());
  }

  /** The sidecar service, its requests recorded first when {@code recorder} is not null. */
  private static ServerServiceDefinition service(
      SchedulerOptions options,
      EngineFacade engine,
      ExecutorService executor,
      RequestRecorder recorder) {
    ServerServiceDefinition service =
        SidecarService.definition(engine, executor, options.authToken().orElse(null));
    return recorder == null ? service : recorder.record(service);
  }

  private static ExecutorService newExecutor() {
    AtomicInteger threads = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
        r -> {
          Thread t = new Thread(r, "scheduler-grpc-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** TLS from the options' PEM files, or plaintext. */
  private static ServerCredentials credentials(SchedulerOptions options) throws IOException {
    if (options.tlsCertificateChain().isEmpty()) {
      return InsecureServerCredentials.create();
    }
    try {
      return TlsServerCredentials.create(
          options.tlsCertificateChain().get().toFile(), options.tlsPrivateKey().get().toFile());
    } catch (IOException e) {
      throw new IOException(
          "could not read the TLS certificate chain "
              + options.tlsCertificateChain().get()
              + " or private key "
              + options.tlsPrivateKey().get()
              + " (PEM files; the key in PKCS#8 form): "
              + e.getMessage(),
          e);
    }
  }

  private static Server build(
      InetSocketAddress address,
      ServerCredentials credentials,
      int maxMessageBytes,
      ServerServiceDefinition service) {
    return NettyServerBuilder.forAddress(address, credentials)
        // Handlers run on the transport thread: no hand-off per call (see SidecarService).
        .directExecutor()
        .maxInboundMessageSize(maxMessageBytes)
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        // Ping idle connections so that a vanished worker's stream is cancelled (and its leased
        // work delivered again) within about 40 s, not after the OS gives up on the socket.
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .addService(service)
        .build();
  }

  /** The port listened on. */
  public int port() {
    return port;
  }

  /** The addresses listened on, for messages. */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (Server s : servers) {
      s.getListenSockets().forEach(a -> out.add(a.toString()));
    }
    return out;
  }

  /** Stops accepting new calls; running calls continue. */
  public void shutdown() {
    servers.forEach(Server::shutdown);
  }

  /** Waits briefly for running calls, then cancels the rest and stops the executor. */
  @Override
  public void close() throws InterruptedException {
    for (Server s : servers) {
      s.shutdown();
      if (!s.awaitTermination(2, TimeUnit.SECONDS)) {
        s.shutdownNow();
        s.awaitTermination(2, TimeUnit.SECONDS);
      }
    }
    executor.shutdown();
    if (recorder != null) {
      recorder.close();
    }
  }
}
