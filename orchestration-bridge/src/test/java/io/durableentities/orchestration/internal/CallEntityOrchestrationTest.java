package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.EntityReplayTest.uuid;
import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.FailureDetails;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction.OrchestratorActionTypeCase;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Golden histories for the built-in orchestration behind client calls to entities. */
class CallEntityOrchestrationTest {

  private static final Instant T1 = T0.plusSeconds(1);
  private static final JacksonDataConverter JSON = JacksonDataConverter.defaultInstance();
  private static final Orchestrations REGISTRY =
      Orchestrations.newBuilder().orchestration("Orch", new CallEntityOrchestration()).build();
  private static final String INPUT =
      JSON.serialize(new CallEntityOrchestration.Request("@counter@c1", "add", "{\"n\":5}"));

  @Test
  void start_callsTheEntityWithTheRawInput() {
    OrchestratorResponse response = Replay.run(REGISTRY, History.starting("Orch", INPUT));

    var called =
        Replay.first(response, OrchestratorActionTypeCase.SENDENTITYMESSAGE)
            .getSendEntityMessage()
            .getEntityOperationCalled();
    assertThat(response.getActionsCount()).isEqualTo(1);
    assertThat(called.getTargetInstanceId().getValue()).isEqualTo("@counter@c1");
    assertThat(called.getOperation()).isEqualTo("add");
    assertThat(called.getInput().getValue()).isEqualTo("{\"n\":5}");
  }

  @Test
  void completedCall_returnsTheRawOutputInTheEnvelope() {
    History history =
        History.started("Orch", INPUT)
            .entityCalled(0, "@counter@c1", "add")
            .newEvents(T1)
            .entityCompleted(uuid(T0, 0), "[1,2]");

    var completion = Replay.completion(Replay.run(REGISTRY, history));

    assertThat(completion.getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
    assertThat(
            JSON.deserialize(
                completion.getResult().getValue(), CallEntityOrchestration.Response.class))
        .isEqualTo(new CallEntityOrchestration.Response("[1,2]", null));
  }

  @Test
  void failedCall_returnsTheEntityFailureInTheEnvelope() {
    History history =
        History.started("Orch", INPUT)
            .entityCalled(0, "@counter@c1", "add")
            .newEvents(T1)
            .entityFailed(uuid(T0, 0), "java.lang.IllegalStateException", "broken");

    var completion = Replay.completion(Replay.run(REGISTRY, history));

    FailureDetails failure =
        JSON.deserialize(completion.getResult().getValue(), CallEntityOrchestration.Response.class)
            .failure();
    assertThat(completion.getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED);
    assertThat(failure.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failure.errorMessage()).isEqualTo("broken");
  }

  @Test
  void missingInput_failsTheInstanceClearly() {
    var completion = Replay.completion(Replay.run(REGISTRY, History.starting("Orch", null)));

    assertThat(completion.getOrchestrationStatus())
        .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED);
    assertThat(completion.getFailureDetails().getErrorMessage())
        .contains("client.entities().call(...)");
  }
}
