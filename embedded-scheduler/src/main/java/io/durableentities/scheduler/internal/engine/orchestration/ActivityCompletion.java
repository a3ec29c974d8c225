package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskFailedEvent;
import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.durableentities.scheduler.internal.engine.write.WriteContext;
import java.sql.SQLException;

/**
 * {@code CompleteActivityTask}, run on the writer thread: the task leaves, and its result goes to
 * the inbox of the execution that scheduled it ({@code TaskCompleted}/{@code TaskFailed}; dropped
 * when that execution has ended).
 */
public final class ActivityCompletion {

  private final Orchestrations orchestrations;

  public ActivityCompletion(Orchestrations orchestrations) {
    this.orchestrations = orchestrations;
  }

  /** Commits an activity result (writer thread). */
  public void complete(
      EngineState s, String hub, Object connection, ActivityResponse r, WriteContext ctx)
      throws SQLException {
    TaskLease lease = TaskLeaseResolver.resolveActivity(s, hub, connection, r);
    if (lease == null) {
      return;
    }
    ActivityTask a = lease.activity();
    HubState h = a.hub();
    h.leases().retire(lease);
    if (h.activities().get(a.id()) != a) {
      return;
    }
    orchestrations.dropActivity(a);
    HistoryEvent.Builder e = Protos.event(ctx.now());
    if (r.hasFailureDetails()) {
      e.setTaskFailed(
          TaskFailedEvent.newBuilder()
              .setTaskScheduledId(a.taskId())
              .setFailureDetails(r.getFailureDetails()));
    } else {
      TaskCompletedEvent.Builder done =
          TaskCompletedEvent.newBuilder().setTaskScheduledId(a.taskId());
      if (r.hasResult()) {
        done.setResult(r.getResult());
      }
      e.setTaskCompleted(done);
    }
    orchestrations.deliver(s, h, a.instanceId(), a.executionId(), e.build(), ctx.now());
  }
}
