package io.durableentities.orchestration.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.orchestration.ActivityContext;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.OrchestrationInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityExecutorTest {

  private static ActivityRequest request(String name, String inputJson) {
    ActivityRequest.Builder request =
        ActivityRequest.newBuilder()
            .setName(name)
            .setTaskId(3)
            .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId("inst-1"));
    if (inputJson != null) {
      request.setInput(StringValue.of(inputJson));
    }
    return request.build();
  }

  @Test
  void execute_success_returnsSerializedResultWithIds() {
    List<ActivityContext> seen = new ArrayList<>();
    Orchestrations registry =
        Orchestrations.newBuilder()
            .activity(
                "Greet",
                ctx -> {
                  seen.add(ctx);
                  return "hello " + ctx.input(String.class);
                })
            .build();

    ActivityResponse response = new ActivityExecutor(registry).execute(request("Greet", "\"ann\""));

    assertThat(response.getResult().getValue()).isEqualTo("\"hello ann\"");
    assertThat(response.hasFailureDetails()).isFalse();
    assertThat(response.getInstanceId()).isEqualTo("inst-1");
    assertThat(response.getTaskId()).isEqualTo(3);
    assertThat(seen)
        .singleElement()
        .satisfies(
            ctx -> {
              assertThat(ctx.name()).isEqualTo("Greet");
              assertThat(ctx.instanceId()).isEqualTo("inst-1");
              assertThat(ctx.taskId()).isEqualTo(3);
            });
  }

  @Test
  void execute_nullResult_leavesResultUnset() {
    Orchestrations registry = Orchestrations.newBuilder().activity("Noop", ctx -> null).build();

    ActivityResponse response = new ActivityExecutor(registry).execute(request("Noop", null));

    assertThat(response.hasResult()).isFalse();
    assertThat(response.hasFailureDetails()).isFalse();
  }

  @Test
  void execute_activityThrows_returnsFailureDetails() {
    Orchestrations registry =
        Orchestrations.newBuilder()
            .activity(
                "Charge",
                ctx -> {
                  throw new IllegalStateException("card declined");
                })
            .build();

    ActivityResponse response = new ActivityExecutor(registry).execute(request("Charge", null));

    assertThat(response.hasResult()).isFalse();
    assertThat(response.getFailureDetails().getErrorType())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(response.getFailureDetails().getErrorMessage()).isEqualTo("card declined");
    assertThat(response.getFailureDetails().getIsNonRetriable()).isFalse();
  }

  @Test
  void execute_unknownActivity_nonRetriableFailureNamingRegisteredOnes() {
    Orchestrations registry =
        Orchestrations.newBuilder()
            .activity("Greet", ctx -> null)
            .activity("Charge", ctx -> null)
            .build();

    ActivityResponse response = new ActivityExecutor(registry).execute(request("Refund", null));

    assertThat(response.getFailureDetails().getErrorType()).isEqualTo("ActivityTaskNotFound");
    assertThat(response.getFailureDetails().getIsNonRetriable()).isTrue();
    assertThat(response.getFailureDetails().getErrorMessage())
        .contains("'Refund'", "inst-1", "[Charge, Greet]");
  }

  @Test
  void execute_nameDiffersInCase_findsActivity() {
    Orchestrations registry = Orchestrations.newBuilder().activity("Greet", ctx -> "hi").build();

    ActivityResponse response = new ActivityExecutor(registry).execute(request("greet", null));

    assertThat(response.getResult().getValue()).isEqualTo("\"hi\"");
  }
}
