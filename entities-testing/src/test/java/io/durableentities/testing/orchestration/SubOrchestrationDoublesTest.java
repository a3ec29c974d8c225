package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.orchestration.TaskFailedException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubOrchestrationDoublesTest {

  private static final Instant T0 = OrchestrationTester.DEFAULT_START_TIME;

  @Test
  void subOrchestration_answeredByADouble_afterItsLatency_andRecorded() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Parent",
                ctx ->
                    ctx.callSubOrchestration("Audit", 42, "audit-42", String.class).await()
                        + " at "
                        + ctx.currentUtcDateTime())
            .subOrchestration("Audit", Integer.class, n -> "audited " + n, Duration.ofHours(1))
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("audited 42 at " + T0.plus(Duration.ofHours(1)));
    assertThat(run.subOrchestrations())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.name()).isEqualTo("Audit");
              assertThat(call.instanceId()).isEqualTo("audit-42");
              assertThat(call.input(Integer.class)).isEqualTo(42);
              assertThat(call.startedAt()).isEqualTo(T0);
            });
  }

  @Test
  void failingSubOrchestration_isATaskFailedException() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Parent",
                ctx -> {
                  try {
                    return ctx.callSubOrchestration("Audit", 1, String.class).await();
                  } catch (TaskFailedException e) {
                    return "failed: " + e.failureDetails().errorMessage();
                  }
                })
            .subOrchestration(
                "Audit",
                Integer.class,
                n -> {
                  throw new IllegalStateException("ledger closed");
                })
            .run(null);

    assertThat(run.output(String.class)).isEqualTo("failed: ledger closed");
  }

  @Test
  void missingSubOrchestrationDouble_failsTheRun_namingItAndTheFix() {
    OrchestrationTester tester =
        OrchestrationTester.of(
            "Parent", ctx -> ctx.callSubOrchestration("Audit", 1, String.class).await());

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("started sub-orchestration 'Audit'")
        .hasMessageContaining("add .subOrchestration(\"Audit\", ...)");
  }
}
