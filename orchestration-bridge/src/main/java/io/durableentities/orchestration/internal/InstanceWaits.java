package io.durableentities.orchestration.internal;

import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.Retrier;
import io.durableentities.orchestration.OrchestrationException;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waits of {@link GrpcOrchestrationClient}: one long poll per wait, and a timeout that says
 * what the instance does now (still pending: likely no connected worker registered its name).
 */
final class InstanceWaits {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceWaits.class);

  private final ClientContext context;

  InstanceWaits(ClientContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  private interface WaitCall {
    GetInstanceResponse call(
        TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub,
        GetInstanceRequest request);
  }

  /**
   * Waits for an instance's start or completion (a long poll, retried while UNAVAILABLE).
   *
   * @param what {@code "start"} or {@code "completion"}
   * @param instanceId the instance
   * @param timeout how long to wait; also the call's deadline
   * @return the instance, with its input, output and custom status
   * @throws TimeoutException if it did not happen in time, saying what the instance does now
   * @throws OrchestrationException if the scheduler knows no such instance or the wait failed
   * @throws PayloadStoreException as it is, when a payload of the instance could not be read from
   *     the payload store (the client's payload interceptor cancelled the call with it)
   */
  OrchestrationState await(String what, String instanceId, Duration timeout)
      throws TimeoutException {
    WaitCall call =
        what.equals("start")
            ? (s, r) -> s.waitForInstanceStart(r)
            : (s, r) -> s.waitForInstanceCompletion(r);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The timeout must be positive, was " + timeout);
    }
    GetInstanceRequest request = request(instanceId, true);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut(what, instanceId, timeout);
      }
      GetInstanceResponse response;
      try {
        response =
            call.call(
                TaskHubSidecarServiceGrpc.newBlockingStub(context.channel())
                    .withDeadlineAfter(left, TimeUnit.NANOSECONDS),
                request);
      } catch (StatusRuntimeException e) {
        if (e.getCause() instanceof PayloadStoreException payload) {
          throw payload;
        }
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.DEADLINE_EXCEEDED) {
          throw timedOut(what, instanceId, timeout);
        }
        if (code == Status.Code.UNAVAILABLE && deadline - System.nanoTime() > 0) {
          LOG.debug(
              "Waiting for the {} of '{}' failed with UNAVAILABLE; retrying", what, instanceId);
          pause();
          continue;
        }
        throw new OrchestrationException(
            "Could not wait for the "
                + what
                + " of orchestration instance '"
                + instanceId
                + "': "
                + Retrier.describe(e.getStatus()),
            e);
      }
      if (!response.getExists()) {
        throw new OrchestrationException(
            "Could not wait for the "
                + what
                + " of orchestration instance '"
                + instanceId
                + "': the scheduler knows no such instance; start it with scheduleNew(...)"
                + " first");
      }
      return response.getOrchestrationState();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OrchestrationException(
          "Interrupted while waiting for an orchestration instance", e);
    }
  }

  /**
   * The timeout of a wait, saying what the instance is doing now and, while it is still pending,
   * the likely cause: no connected worker registered its orchestration.
   */
  private TimeoutException timedOut(String what, String instanceId, Duration timeout) {
    String text =
        "Orchestration instance '"
            + instanceId
            + "' did not reach its "
            + what
            + " within "
            + timeout;
    OrchestrationState state = null;
    try {
      GetInstanceResponse response =
          TaskHubSidecarServiceGrpc.newBlockingStub(context.channel())
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .getInstance(request(instanceId, false));
      state = response.getExists() ? response.getOrchestrationState() : null;
    } catch (StatusRuntimeException e) {
      LOG.debug(
          "Could not read instance '{}' after a timed-out wait: {}", instanceId, e.toString());
    }
    if (state == null) {
      return new TimeoutException(text);
    }
    String name = state.getName();
    OrchestrationRuntimeStatus status = InstanceStates.fromProto(state.getOrchestrationStatus());
    if (status == OrchestrationRuntimeStatus.PENDING) {
      return new TimeoutException(
          text
              + ": it is still PENDING, so no worker has started it. Likely cause: no worker"
              + " connected to task hub '"
              + context.connection().taskHub()
              + "' registered orchestration '"
              + name
              + "' (Orchestrations.newBuilder().orchestration(...), run with"
              + " DurableWorker.Builder.extension(OrchestrationWorker.of(registry)))"
              + (state.hasVersion()
                  ? " or runs its version '"
                      + state.getVersion().getValue()
                      + "' (a worker whose OrchestrationVersioning matches it)"
                  : "")
              + "; it starts when one connects. Check the name"
              + (state.hasVersion() ? " and version" : "")
              + ", and the dashboard's orchestration list");
    }
    return new TimeoutException(
        text
            + ": orchestration '"
            + name
            + "' is "
            + status
            + (status == OrchestrationRuntimeStatus.RUNNING
                ? " (waiting for the activities, timers, events, sub-orchestrations or entities it"
                    + " started; its history on the dashboard shows which)"
                : ""));
  }

  private static GetInstanceRequest request(String instanceId, boolean inputsAndOutputs) {
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isEmpty()) {
      throw new IllegalArgumentException("The instance id must not be empty");
    }
    return GetInstanceRequest.newBuilder()
        .setInstanceId(instanceId)
        .setGetInputsAndOutputs(inputsAndOutputs)
        .build();
  }
}
