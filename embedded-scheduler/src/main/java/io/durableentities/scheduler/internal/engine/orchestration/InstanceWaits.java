package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
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

  public InstanceWaits(CurrentState current, Waiters waiters) {
    this.current = current;
    this.waiters = waiters;
  }

  /** Answers once the instance has started (is no longer pending). */
  public void waitForStart(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, o -> o.status() != OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);
  }

  /** Answers once the instance has finished (completed, failed or terminated). */
  public void waitForCompletion(
      String hub, GetInstanceRequest r, ServerCallStreamObserver<GetInstanceResponse> out) {
    await(hub, r, out, o -> !o.isActive());
  }

  private void await(
      String hub,
      GetInstanceRequest r,
      ServerCallStreamObserver<GetInstanceResponse> out,
      Predicate<OrchestrationRuntime> condition) {
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
          if (o != null && condition.test(o)) {
            waiter.answer(o);
          } else if (!out.isCancelled()) {
            waiters.add(key, waiter);
          }
          return null;
        });
  }
}
