package io.durableentities.scheduler.internal.engine.state;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which task hubs a request may create: those of the operator's allow-list ({@code
 * allowedTaskHubs}; empty allows any name), while fewer than {@code maxTaskHubs} exist. An allowed
 * task hub that exists is always served (also one stored above a lowered limit). Checked by the
 * writer before a request changes anything, so a refused request fails alone.
 */
public final class TaskHubAdmission {

  private final Set<String> allowed;
  private final int max;

  public TaskHubAdmission(EngineConfig config) {
    this.allowed = config.allowedTaskHubs();
    this.max = config.maxTaskHubs();
  }

  /**
   * Refuses a task hub outside the allow-list (no state needed: a caller checks before queueing).
   *
   * @throws StatusRuntimeException PERMISSION_DENIED naming the hub, the allowed ones and the
   *     option
   */
  public void requireAllowed(String hub) {
    if (!allowed.isEmpty() && !allowed.contains(hub)) {
      throw Status.PERMISSION_DENIED
          .withDescription(
              "Task hub '"
                  + hub
                  + "' is not served: this scheduler serves only the task hubs "
                  + new TreeSet<>(allowed)
                  + " (allowedTaskHubs, --allowed-task-hubs); send one of them in the taskhub"
                  + " header")
          .asRuntimeException();
    }
  }

  /**
   * Refuses a request for a task hub outside the allow-list, or one that would create a task hub
   * beyond the limit (writer thread, lock held, before the request changes anything).
   *
   * @throws StatusRuntimeException PERMISSION_DENIED for a hub outside the allow-list,
   *     RESOURCE_EXHAUSTED when {@code maxTaskHubs} exist already
   */
  public void admit(EngineState s, String hub) {
    requireAllowed(hub);
    if (s.hub(hub) != null) {
      return;
    }
    int count = s.hubs().size();
    if (count >= max) {
      throw Status.RESOURCE_EXHAUSTED
          .withDescription(
              "Task hub '"
                  + hub
                  + "' cannot be created: this scheduler holds "
                  + count
                  + " task hubs, the most it allows (maxTaskHubs, --max-task-hubs: "
                  + max
                  + "); use an existing task hub, or raise the limit")
          .asRuntimeException();
    }
  }
}
