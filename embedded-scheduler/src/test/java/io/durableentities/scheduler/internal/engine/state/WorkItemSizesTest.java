package io.durableentities.scheduler.internal.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.store.MessageRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The computed size of an entity work item is the size of the one the dispatcher builds. */
class WorkItemSizesTest {

  private final WriterLock lock = new WriterLock();
  private final EngineState state = new EngineState(lock, Integer.MAX_VALUE);

  private static QueuedMessage message(long id, String input) {
    HistoryEvent event =
        HistoryEvent.newBuilder()
            .setEventId(-1)
            .setEntityOperationSignaled(
                EntityOperationSignaledEvent.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setOperation("op")
                    .setInput(StringValue.of(input)))
            .build();
    MessageRow row =
        new MessageRow(
            id,
            "default",
            "@e@k",
            "r",
            MessageRow.KIND_SIGNAL,
            null,
            null,
            event.toByteArray(),
            0,
            0,
            0,
            null);
    return new QueuedMessage(row, event);
  }

  /** The work item as {@code EntityDispatcher} builds it. */
  private static WorkItem built(EntityRuntime e, List<QueuedMessage> batch) {
    EntityRequest.Builder request =
        EntityRequest.newBuilder().setInstanceId(e.instanceId()).setExecutionId(e.executionId());
    if (e.state() != null) {
      request.setEntityState(StringValue.of(e.state()));
    }
    batch.forEach(m -> request.addOperationRequests(m.event()));
    return WorkItem.newBuilder()
        .setEntityRequestV2(request)
        .setCompletionToken(UUID.randomUUID().toString())
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"<none>", "", "1", "äöü€𝄞", "x200", "x70000", "€30000"})
  void computedSize_isTheSerializedSize(String stateSpec) {
    String stateValue =
        stateSpec.equals("<none>")
            ? null
            : stateSpec.startsWith("x")
                ? "x".repeat(Integer.parseInt(stateSpec.substring(1)))
                : stateSpec.startsWith("€")
                    ? "€".repeat(Integer.parseInt(stateSpec.substring(1)))
                    : stateSpec;
    lock.lock();
    try {
      HubState h = state.hubOrCreate("default");
      EntityRuntime e = new EntityRuntime(h, "@e@k€", 0);
      h.addEntity(e);
      e.setState(stateValue, 0);
      List<QueuedMessage> batch = new ArrayList<>();
      long operations = 0;
      for (int i = 0; i < 4; i++) {
        assertThat(WorkItemSizes.item(e.workItemBase(), operations))
            .as("%d operations", i)
            .isEqualTo(built(e, batch).getSerializedSize());
        QueuedMessage m = message(i + 1, "y".repeat(i * 100_000));
        batch.add(m);
        operations += WorkItemSizes.operation(m);
      }
      QueuedMessage big = message(9, "z".repeat(50_000));
      int exact = built(e, List.of(big)).getSerializedSize();
      assertThat(WorkItemSizes.fitsAlone(e, big, exact)).isTrue();
      assertThat(WorkItemSizes.fitsAlone(e, big, exact - 1)).isFalse();
    } finally {
      lock.unlock();
    }
  }
}
