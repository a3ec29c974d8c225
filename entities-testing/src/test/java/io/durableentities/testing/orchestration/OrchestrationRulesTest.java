package io.durableentities.testing.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.testing.Account;
import io.durableentities.testing.AccountEntity;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Broken rules of orchestrations fail the test with the runtime's own message. */
class OrchestrationRulesTest {

  private static final EntityInstanceId ALICE = EntityInstanceId.of(Account.class, "alice");
  private static final EntityInstanceId BOB = EntityInstanceId.of(Account.class, "bob");

  @Test
  void nonDeterministicOrchestration_failsTheTest_withTheRuntimesMessage() {
    AtomicInteger runs = new AtomicInteger(); // changes between replays, like the wall clock

    OrchestrationTester tester =
        OrchestrationTester.of(
                "Flaky",
                ctx -> {
                  String activity = runs.getAndIncrement() == 0 ? "Charge" : "Refund";
                  return ctx.callActivity(activity, null, String.class).await();
                })
            .activity("Charge", ctx -> "charged")
            .activity("Refund", ctx -> "refunded");

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "NonDeterministicOrchestrationException: Non-deterministic orchestration 'Flaky'"
                + " (instance 'test-instance'): the history event TaskScheduled #0 (ScheduleTask"
                + " 'Charge') expects the action ScheduleTask 'Charge' with id 0, but the"
                + " orchestration code produced ScheduleTask 'Refund' with id 0");
  }

  @Test
  void callingAnUnlockedEntityInsideACriticalSection_failsTheTest_withTheRuleBroken() {
    OrchestrationTester tester =
        OrchestrationTester.of(
                "Sneaky",
                ctx -> {
                  try (CriticalSection section = ctx.entities().lockEntities(ALICE)) {
                    return ctx.entities().proxy(Account.class, BOB).balance();
                  }
                })
            .entity(AccountEntity::new, "alice")
            .entity(AccountEntity::new, "bob");

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "CriticalSectionViolationException: Orchestration 'Sneaky' (instance 'test-instance')"
                + " broke the critical-section rule \"inside a critical section, call only locked"
                + " entities\": it calls 'balance' on @account@bob, which is not in the lock set"
                + " [@account@alice]; add it to lockEntities(...) or call it after closing the"
                + " section");
  }

  @Test
  void nestedCriticalSections_failTheTest_withTheRuleBroken() {
    OrchestrationTester tester =
        OrchestrationTester.of(
            "Nested",
            ctx -> {
              try (CriticalSection outer = ctx.entities().lockEntities(ALICE);
                  CriticalSection inner = ctx.entities().lockEntities(BOB)) {
                return "locked both";
              }
            });

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("broke the critical-section rule \"no nested locks\"")
        .hasMessageContaining("lock all entities in one lockEntities(...) call");
  }

  @Test
  void signallingALockedEntity_failsTheTest_withTheRuleBroken() {
    OrchestrationTester tester =
        OrchestrationTester.of(
            "Signaller",
            ctx -> {
              try (CriticalSection section = ctx.entities().lockEntities(ALICE)) {
                ctx.entities().signal(ALICE, "deposit", 1);
              }
              return null;
            });

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"no signals to locked entities\"");
  }

  @Test
  void subOrchestrationInsideACriticalSection_failsTheTest_withTheRuleBroken() {
    OrchestrationTester tester =
        OrchestrationTester.of(
                "Starter",
                ctx -> {
                  try (CriticalSection section = ctx.entities().lockEntities(ALICE)) {
                    return ctx.callSubOrchestration("Audit", null, String.class).await();
                  }
                })
            .subOrchestration("Audit", Object.class, input -> "audited");

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"no sub-orchestrations inside a critical section\"");
  }

  @Test
  void continueAsNewInsideACriticalSection_failsTheTest_withTheRuleBroken() {
    OrchestrationTester tester =
        OrchestrationTester.of(
            "Restarter",
            ctx -> {
              try (CriticalSection section = ctx.entities().lockEntities(ALICE)) {
                ctx.continueAsNew(null);
                return null;
              }
            });

    assertThatThrownBy(() -> tester.run(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"no continue-as-new inside a critical section\"");
  }

  @Test
  void anOrdinaryFailure_isNotARuleBroken_andIsReadFromTheRun() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Thrower",
                ctx -> {
                  throw new IllegalArgumentException("bad input");
                })
            .run(null);

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(run.failure().summary()).isEqualTo("IllegalArgumentException: bad input");
  }

  @Test
  void lockHeldWhenTheOrchestrationFails_isReleasedByTheRuntime() {
    OrchestrationRun run =
        OrchestrationTester.of(
                "Leaky",
                ctx -> {
                  ctx.entities().lockEntities(ALICE); // never closed
                  throw new IllegalStateException("gave up");
                })
            .run(null);

    assertThat(run.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(run.locks()).singleElement().extracting(EntityLock::isReleased).isEqualTo(true);
  }
}
