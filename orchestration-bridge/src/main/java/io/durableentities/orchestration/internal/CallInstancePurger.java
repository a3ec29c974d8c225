package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.protocol.internal.InstanceBatch;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges the finished instances of a client's calls in batches: one purge request (one commit on
 * the scheduler) for up to {@value #BATCH} instances, sent when that many have finished or {@link
 * #PERIOD} after the first one, and on close. A purge per call would put a commit of its own next
 * to every call, which a sequential caller's next call then waits behind. A scheduler that does not
 * take batches gets the instances one by one.
 *
 * <p>Thread-safe: the pending ids are guarded by this object's lock, which is never held across a
 * call.
 */
final class CallInstancePurger implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CallInstancePurger.class);

  static final int BATCH = 100;
  static final Duration PERIOD = Duration.ofMillis(500);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final ClientContext context;
  private final ScheduledExecutorService timer;
  private final List<String> pending = new ArrayList<>(); // guarded by this
  private boolean flushScheduled; // guarded by this
  private boolean batchesRefused; // guarded by this
  private boolean closed; // guarded by this

  CallInstancePurger(ClientContext context) {
    this.context = Objects.requireNonNull(context, "context");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "durable-call-purger");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Purges a finished call instance soon.
   *
   * @param instanceId the instance
   */
  void purgeLater(String instanceId) {
    List<String> batch = null;
    synchronized (this) {
      if (closed) {
        batch = List.of(instanceId);
      } else {
        pending.add(instanceId);
        if (pending.size() >= BATCH) {
          batch = take();
        } else if (!flushScheduled) {
          flushScheduled = true;
          timer.schedule(this::flush, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
    if (batch != null) {
      send(batch);
    }
  }

  private void flush() {
    List<String> batch;
    synchronized (this) {
      flushScheduled = false;
      batch = take();
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  private List<String> take() {
    assert Thread.holdsLock(this);
    List<String> batch = List.copyOf(pending);
    pending.clear();
    return batch;
  }

  /** Sends a batch; completes when the scheduler answered (never exceptionally). */
  private CompletableFuture<Void> send(List<String> ids) {
    boolean oneByOne;
    synchronized (this) {
      oneByOne = batchesRefused;
    }
    if (oneByOne || ids.size() == 1) {
      return CompletableFuture.allOf(
          ids.stream()
              .map(id -> purge(PurgeInstancesRequest.newBuilder().setInstanceId(id), ids))
              .toArray(CompletableFuture[]::new));
    }
    PurgeInstancesRequest.Builder batch =
        PurgeInstancesRequest.newBuilder()
            .setInstanceBatch(InstanceBatch.newBuilder().addAllInstanceIds(ids));
    return ClientContext.<PurgeInstancesResponse>unary(
            TaskHubSidecarServiceGrpc.newStub(context.channel()),
            context.callTimeout(),
            (stub, answer) -> stub.purgeInstances(batch.build(), answer))
        .handle(
            (done, failure) -> {
              if (failure == null) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (refusesBatches(failure)) {
                synchronized (this) {
                  batchesRefused = true;
                }
                return send(ids);
              }
              LOG.debug(
                  "Could not purge {} call orchestrations: {}", ids.size(), failure.toString());
              return CompletableFuture.<Void>completedFuture(null);
            })
        .thenCompose(next -> next);
  }

  private CompletableFuture<Void> purge(PurgeInstancesRequest.Builder request, List<String> ids) {
    return ClientContext.<PurgeInstancesResponse>unary(
            TaskHubSidecarServiceGrpc.newStub(context.channel()),
            context.callTimeout(),
            (stub, answer) -> stub.purgeInstances(request.setIsOrchestration(true).build(), answer))
        .handle(
            (done, failure) -> {
              if (failure != null) {
                LOG.debug(
                    "Could not purge call orchestration '{}': {}",
                    request.getInstanceId(),
                    failure.toString());
              }
              return null;
            });
  }

  private static boolean refusesBatches(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (!(cause instanceof StatusRuntimeException e)) {
      return false;
    }
    Status.Code code = e.getStatus().getCode();
    return code == Status.Code.UNIMPLEMENTED || code == Status.Code.INVALID_ARGUMENT;
  }

  /** Purges what is pending and stops the timer; waits a few seconds for the answer. */
  @Override
  public void close() {
    List<String> batch;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      batch = take();
    }
    timer.shutdownNow();
    if (!batch.isEmpty()) {
      try {
        send(batch).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        LOG.debug("Purging {} call orchestrations on close did not finish: {}", batch.size(), e);
      }
    }
  }
}
