package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * {@code WaitForInstanceStart} and {@code WaitForInstanceCompletion}: answered at once when the
 * condition holds, else registered with the {@link Waiters} and answered after the commit that
 * makes it hold; a cancelled call or an expired deadline removes the waiter.
 */
public final class InstanceWaits {

  private final CurrentState current;
  private final Waiters waiters;
  private final InstanceReads reads;

  public InstanceWaits(CurrentState current, Waiters waiters, InstanceReads reads) {
    this.current = current;
    this.waiters = waiters;
    this.reads = reads;
  }

  /** Answers once the instance has started (is no longer pending). */
  public void waitForStart(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, status -> status != OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);
  }

  /** Answers once the instance has finished (completed, failed or terminated). */
  public void waitForCompletion(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, status -> !OrchestrationRuntime.isActive(status));
  }

  private void await(
      String hub,
      GetInstanceRequest r,
      ServerCallStreamObserver<GetInstanceResponse> out,
      Predicate<OrchestrationStatus> condition) {
    String key = Waiters.key(hub, r.getInstanceId());
    AtomicBoolean answered = new AtomicBoolean();
    Waiters.Waiter waiter =
        new Waiters.Waiter(
            condition,
            o -> {
              if (answered.compareAndSet(false, true)) {
                try {
                  out.onNext(OrchestrationQueries.response(o, r.getGetInputsAndOutputs()));
                  out.onCompleted();
                } catch (RuntimeException e) {
                  // The caller went away.
                }
              }
            });
    out.setOnCancelHandler(
        () -> {
          answered.set(true);
          current.lock().lock();
          try {
            waiters.remove(key, waiter);
          } finally {
            current.lock().unlock();
          }
        });
    current.read(
        s -> {
          HubState h = s.hub(hub);
          OrchestrationRuntime o = h == null ? null : h.instance(r.getInstanceId());
          // Not in memory: finished (its committed row says so) or unknown. Read under the lock,
          // so that no commit falls between the look and registering the waiter.
          InstanceRow row =
              o != null
                  ? o.toRow()
                  : reads.locked(
                      "Waiting for orchestration '" + r.getInstanceId() + "': could not read it",
                      source -> source.instance(hub, r.getInstanceId()));
          if (row != null && condition.test(OrchestrationStatus.forNumber(row.status()))) {
            waiter.answer(row);
          } else if (!out.isCancelled()) {
            waiters.add(key, waiter);
          }
          return null;
        });
  }
}
