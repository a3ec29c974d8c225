package io.durableentities.scheduler.internal.engine.dispatch;

import io.durableentities.protocol.internal.EntityBatchRequest;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationRequest;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import java.util.List;

/**
 * The two forms of an entity work item. V2 ({@code EntityRequest}, what DTS sends) delivers each
 * operation as its queued {@code HistoryEvent}, which has no trace-context field. V1 ({@code
 * EntityBatchRequest}) delivers each as an {@code OperationRequest} whose {@code traceContext}
 * carries the sender's trace, so the worker's operation span continues it; calls are still answered
 * from the parent stored with each message, which V1 does not carry.
 */
final class EntityWorkItems {

  private EntityWorkItems() {}

  /** Whether an operation of the batch carries a trace context. */
  static boolean carriesTrace(List<QueuedMessage> batch) {
    for (QueuedMessage m : batch) {
      if (m.traceContext() != null) {
        return true;
      }
    }
    return false;
  }

  /** The V2 form: the entity's state and the queued events as they are. */
  static EntityRequest v2(EntityRuntime e, List<QueuedMessage> batch) {
    EntityRequest.Builder request =
        EntityRequest.newBuilder().setInstanceId(e.instanceId()).setExecutionId(e.executionId());
    if (e.state() != null) {
      request.setEntityState(Protos.string(e.state()));
    }
    for (QueuedMessage m : batch) {
      request.addOperationRequests(m.event());
    }
    return request.build();
  }

  /**
   * The V1 form: the entity's state and one operation request per queued signal or call, each with
   * its trace context. A batch holds only signals and calls (a lock request or unlock ends a batch
   * before it), as {@link #v2} delivers them.
   */
  static EntityBatchRequest v1(EntityRuntime e, List<QueuedMessage> batch) {
    EntityBatchRequest.Builder request =
        EntityBatchRequest.newBuilder().setInstanceId(e.instanceId());
    if (e.state() != null) {
      request.setEntityState(Protos.string(e.state()));
    }
    for (QueuedMessage m : batch) {
      request.addOperations(operation(m));
    }
    return request.build();
  }

  private static OperationRequest operation(QueuedMessage m) {
    HistoryEvent event = m.event();
    OperationRequest.Builder op = OperationRequest.newBuilder().setRequestId(m.requestId());
    if (event.hasEntityOperationCalled()) {
      EntityOperationCalledEvent call = event.getEntityOperationCalled();
      op.setOperation(call.getOperation());
      if (call.hasInput()) {
        op.setInput(call.getInput());
      }
    } else {
      EntityOperationSignaledEvent signal = event.getEntityOperationSignaled();
      op.setOperation(signal.getOperation());
      if (signal.hasInput()) {
        op.setInput(signal.getInput());
      }
    }
    if (m.traceContext() != null) {
      op.setTraceContext(m.traceContext());
    }
    return op.build();
  }
}
