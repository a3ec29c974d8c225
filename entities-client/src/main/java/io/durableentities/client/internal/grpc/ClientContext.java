package io.durableentities.client.internal.grpc;

import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What a client extension gets from its {@link io.durableentities.client.DurableClient}: the
 * channel (with the task hub, user agent and authorization headers), the data converter, the call
 * settings and the telemetry. For Durable Entities modules.
 */
public final class ClientContext {

  private final Channel channel;
  private final ConnectionString connection;
  private final DataConverter dataConverter;
  private final Duration callTimeout;
  private final ClientRetryPolicy retryPolicy;
  private final Retrier retrier;
  private final Telemetry telemetry;
  private final Clock clock;

  /**
   * Creates a context.
   *
   * @param channel the client's channel
   * @param connection the connection string
   * @param dataConverter the data converter
   * @param callTimeout the deadline of each call attempt
   * @param retryPolicy the retry policy
   * @param telemetry the OpenTelemetry instance the client was built with, and this library's
   *     tracer and meter
   * @param clock what "now" is for request times and delays (not for deadlines)
   */
  public ClientContext(
      Channel channel,
      ConnectionString connection,
      DataConverter dataConverter,
      Duration callTimeout,
      ClientRetryPolicy retryPolicy,
      Telemetry telemetry,
      Clock clock) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.dataConverter = Objects.requireNonNull(dataConverter, "dataConverter");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.retrier = new Retrier(retryPolicy);
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the client's clock: what "now" is for request times and delays (the system clock, or
   * the virtual clock of a test environment).
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the client's telemetry: its OpenTelemetry instance, tracer and meter.
   *
   * @return the telemetry
   */
  public Telemetry telemetry() {
    return telemetry;
  }

  /**
   * Returns the client's channel; every call carries the client's headers and credentials.
   *
   * @return the channel
   */
  public Channel channel() {
    return channel;
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
   * @return the converter
   */
  public DataConverter dataConverter() {
    return dataConverter;
  }

  /**
   * Returns the deadline of each call attempt.
   *
   * @return the call timeout
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * Returns the retry policy.
   *
   * @return the retry policy
   */
  public ClientRetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns a blocking stub whose calls have the call timeout as deadline; take a new one per call.
   *
   * @return the stub
   */
  public TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub blockingStub() {
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Runs a blocking call with the deadline, retried on UNAVAILABLE and DEADLINE_EXCEEDED.
   *
   * @param description what the call does, for error messages
   * @param call the call, given a fresh stub per attempt
   * @param <T> the result type
   * @return the result
   * @throws io.durableentities.core.DurableException when the call failed
   */
  public <T> T call(
      String description,
      Function<TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub, T> call) {
    return retrier.call(description, () -> call.apply(blockingStub()));
  }

  /**
   * Runs a unary call without blocking, with the deadline, retried on UNAVAILABLE and
   * DEADLINE_EXCEEDED. The future completes on a gRPC thread.
   *
   * @param description what the call does, for error messages
   * @param call starts the call on a fresh stub per attempt, answering the observer
   * @param <T> the response type
   * @return completes with the response, or exceptionally with {@link
   *     io.durableentities.core.DurableException} when the call failed
   */
  public <T> CompletableFuture<T> callAsync(
      String description,
      BiConsumer<TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub, StreamObserver<T>> call) {
    return retrier.callAsync(
        description, () -> unary(TaskHubSidecarServiceGrpc.newStub(channel), callTimeout, call));
  }

  /**
   * Runs one attempt of a unary call without blocking, not retried.
   *
   * @param stub the stub
   * @param deadline the call's deadline, from now
   * @param call starts the call, answering the observer
   * @param <T> the response type
   * @return completes with the response, or exceptionally with the {@link
   *     io.grpc.StatusRuntimeException} of a failed call
   */
  public static <T> CompletableFuture<T> unary(
      TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub stub,
      Duration deadline,
      BiConsumer<TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub, StreamObserver<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    call.accept(
        stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS),
        new StreamObserver<>() {
          @Override
          public void onNext(T value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(
                t instanceof StatusRuntimeException
                    ? t
                    : Status.fromThrowable(t).asRuntimeException());
          }

          @Override
          public void onCompleted() {
            if (!result.isDone()) {
              result.completeExceptionally(
                  Status.INTERNAL.withDescription("no response").asRuntimeException());
            }
          }
        });
    return result;
  }
}
