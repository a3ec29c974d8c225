package io.durableentities.benchmarks.runner;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gRPC limits of this machine (B3): an echo service of 64-byte messages on 127.0.0.1, client
 * and server in this process, both with {@code directExecutor()}.
 */
final class GrpcProbe implements AutoCloseable {

  private static final byte[] MESSAGE = new byte[64];
  private static final int UNARY_IN_FLIGHT = 64;
  private static final int STREAM_IN_FLIGHT = 1000;

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], byte[]> UNARY =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("bench.Echo/Unary")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private static final MethodDescriptor<byte[], byte[]> BIDI =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("bench.Echo/Bidi")
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private final Server server;
  private final ManagedChannel channel;

  GrpcProbe() throws IOException {
    ServerServiceDefinition echo =
        ServerServiceDefinition.builder("bench.Echo")
            .addMethod(
                UNARY,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(EchoStream::new))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .addService(echo)
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .directExecutor()
            .build();
  }

  /** Async unary calls/s with 64 calls in flight, after a warm-up. */
  double unaryCallsPerSecond(Warmup warmup, Duration measure) throws InterruptedException {
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(UNARY_IN_FLIGHT);
    AtomicBoolean running = new AtomicBoolean(true);
    for (int i = 0; i < UNARY_IN_FLIGHT; i++) {
      new UnaryChain(done, failure, stopped, running).next();
    }
    double rate = steadyRate(done, warmup, measure);
    running.set(false);
    stopped.await(30, TimeUnit.SECONDS);
    rethrow(failure);
    return rate;
  }

  /**
   * Blocking unary calls from 64 caller threads over a window after a warm-up (counters: calls,
   * then process CPU nanoseconds): the shape of the signal scenarios' load generator. On a machine
   * shared with other processes, 64 runnable threads get a larger share of the CPU than the two
   * event-loop threads of the async probe.
   */
  SteadyState.Window blockingCalls(Warmup warmup, Duration measure) throws InterruptedException {
    try (Senders callers =
        Senders.start(
            UNARY_IN_FLIGHT,
            "grpc-caller",
            (caller, n) -> {
              ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, MESSAGE);
              return true;
            })) {
      SteadyState.Window window =
          SteadyState.measure(warmup, measure, () -> {}, callers::sent, ProcessCpu::nanos);
      callers.stopAndJoin();
      return window;
    }
  }

  /** Sequential blocking unary call latencies. */
  LatencyRecorder unarySequential(int calls) {
    LatencyRecorder latencies = new LatencyRecorder();
    for (int i = 0; i < calls * 2; i++) {
      long start = System.nanoTime();
      ClientCalls.blockingUnaryCall(channel, UNARY, CallOptions.DEFAULT, MESSAGE);
      if (i >= calls) {
        latencies.record(System.nanoTime() - start);
      }
    }
    return latencies;
  }

  /** Echo messages/s on one bidi stream with 1,000 messages in flight, after a warm-up. */
  double bidiMessagesPerSecond(Warmup warmup, Duration measure) throws InterruptedException {
    AtomicLong echoed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch closed = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    Object sendLock = new Object();
    @SuppressWarnings("unchecked")
    StreamObserver<byte[]>[] requests = new StreamObserver[1];
    StreamObserver<byte[]> responses =
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            echoed.incrementAndGet();
            synchronized (sendLock) {
              if (running.get()) {
                requests[0].onNext(MESSAGE);
              }
            }
          }

          @Override
          public void onError(Throwable t) {
            failure.set(t);
            closed.countDown();
          }

          @Override
          public void onCompleted() {
            closed.countDown();
          }
        };
    synchronized (sendLock) {
      requests[0] =
          ClientCalls.asyncBidiStreamingCall(channel.newCall(BIDI, CallOptions.DEFAULT), responses);
      for (int i = 0; i < STREAM_IN_FLIGHT; i++) {
        requests[0].onNext(MESSAGE);
      }
    }
    double rate = steadyRate(echoed, warmup, measure);
    synchronized (sendLock) {
      running.set(false);
      requests[0].onCompleted();
    }
    closed.await(30, TimeUnit.SECONDS);
    rethrow(failure);
    return rate;
  }

  /** Ping-pong round trips on one bidi stream, one message in flight. */
  LatencyRecorder bidiPingPong(int roundTrips) throws InterruptedException {
    Semaphore reply = new Semaphore(0);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(BIDI, CallOptions.DEFAULT),
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {
                reply.release();
              }

              @Override
              public void onError(Throwable t) {
                failure.set(t);
                reply.release();
              }

              @Override
              public void onCompleted() {}
            });
    LatencyRecorder latencies = new LatencyRecorder();
    for (int i = 0; i < roundTrips * 2; i++) {
      long start = System.nanoTime();
      requests.onNext(MESSAGE);
      if (!reply.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the echo stream did not answer within 30 s");
      }
      rethrow(failure);
      if (i >= roundTrips) {
        latencies.record(System.nanoTime() - start);
      }
    }
    requests.onCompleted();
    return latencies;
  }

  /** Counts per second over the window that follows the warm-up. */
  static double steadyRate(AtomicLong counter, Warmup warmup, Duration measure)
      throws InterruptedException {
    warmup.run();
    long before = counter.get();
    long start = System.nanoTime();
    Thread.sleep(measure.toMillis());
    long after = counter.get();
    return (after - before) / ((System.nanoTime() - start) / 1e9);
  }

  private static void rethrow(AtomicReference<Throwable> failure) {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("the gRPC probe failed: " + t, t);
    }
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
  }

  /** The server side of the echo stream. */
  private static final class EchoStream implements StreamObserver<byte[]> {
    private final StreamObserver<byte[]> responses;

    EchoStream(StreamObserver<byte[]> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(byte[] value) {
      responses.onNext(value);
    }

    @Override
    public void onError(Throwable t) {
      // the client went away; nothing to clean up
    }

    @Override
    public void onCompleted() {
      responses.onCompleted();
    }
  }

  /** One of the 64 call chains: each completion issues the next call. */
  private final class UnaryChain implements StreamObserver<byte[]> {
    private final AtomicLong done;
    private final AtomicReference<Throwable> failure;
    private final CountDownLatch stopped;
    private final AtomicBoolean running;

    UnaryChain(
        AtomicLong done,
        AtomicReference<Throwable> failure,
        CountDownLatch stopped,
        AtomicBoolean running) {
      this.done = done;
      this.failure = failure;
      this.stopped = stopped;
      this.running = running;
    }

    void next() {
      ClientCalls.asyncUnaryCall(channel.newCall(UNARY, CallOptions.DEFAULT), MESSAGE, this);
    }

    @Override
    public void onNext(byte[] value) {
      done.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {
      failure.set(t);
      stopped.countDown();
    }

    @Override
    public void onCompleted() {
      if (running.get()) {
        next();
      } else {
        stopped.countDown();
      }
    }
  }
}
