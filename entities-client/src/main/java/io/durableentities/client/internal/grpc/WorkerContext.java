package io.durableentities.client.internal.grpc;

import io.durableentities.client.ConnectionString;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a worker extension gets when the worker starts: the channel (with the worker's headers and
 * credentials), the connection string, the data converter and the telemetry. For Durable Entities
 * modules.
 *
 * @param channel the worker's channel
 * @param connection the connection string
 * @param dataConverter the worker's data converter
 * @param callTimeout the deadline the worker uses for completion calls
 * @param telemetry the OpenTelemetry instance the worker was built with, and this library's tracer
 *     and meter
 */
public record WorkerContext(
    Channel channel,
    ConnectionString connection,
    DataConverter dataConverter,
    Duration callTimeout,
    Telemetry telemetry) {

  /**
   * Returns a blocking stub with the call timeout as deadline; take a new one per call.
   *
   * @return the stub
   */
  public TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub blockingStub() {
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Returns an asynchronous stub for completion calls, with the call timeout as deadline, whose
   * callbacks run on the transport thread (they must not block); take a new one per call.
   *
   * @return the stub
   */
  public TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub completionStub() {
    return TaskHubSidecarServiceGrpc.newStub(channel)
        .withExecutor(Runnable::run)
        .withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
