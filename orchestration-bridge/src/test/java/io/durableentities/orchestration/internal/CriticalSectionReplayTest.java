package io.durableentities.orchestration.internal;

import static io.durableentities.orchestration.internal.EntityReplayTest.uuid;
import static io.durableentities.orchestration.internal.History.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.CriticalSectionViolationException;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.protocol.internal.OrchestratorAction.OrchestratorActionTypeCase;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden histories for EntityLockRequested/Granted, EntityUnlockSent and the lock rules. */
class CriticalSectionReplayTest {

  private static final EntityInstanceId A = EntityInstanceId.of("account", "a");
  private static final EntityInstanceId B = EntityInstanceId.of("account", "b");
  private static final EntityInstanceId C = EntityInstanceId.of("account", "c");
  private static final Instant T1 = T0.plusSeconds(10);
  private static final Instant T2 = T0.plusSeconds(20);

  /** Locks B and A (given unsorted, with a duplicate), reads A, closes. */
  private static final Orchestration TRANSFER =
      ctx -> {
        try (CriticalSection lock = ctx.entities().lockEntities(B, A, B)) {
          return ctx.entities().call(lock.lockedEntities().get(0), "balance", null, Long.class);
        }
      };

  /** Past: lock requested (#0) and granted; A's balance called (#1). */
  private static History lockedAndCalled() {
    return History.started("Orch", null)
        .lockRequested(0, "@account@a", "@account@b")
        .episode(T1)
        .lockGranted(uuid(T0, 0))
        .entityCalled(1, "@account@a", "balance");
  }

  @Test
  void lockEntities_new_sendsOneSortedDeduplicatedLockRequest() {
    OrchestratorResponse response = Replay.run(TRANSFER, History.starting("Orch", null));

    assertThat(Replay.actions(response))
        .containsExactly("#0 LockEntities [@account@a, @account@b]");
    var lock =
        Replay.first(response, OrchestratorActionTypeCase.SENDENTITYMESSAGE)
            .getSendEntityMessage()
            .getEntityLockRequested();
    assertThat(lock.getCriticalSectionId()).isEqualTo(uuid(T0, 0));
    assertThat(lock.getPosition()).isZero();
    assertThat(lock.getParentInstanceId().getValue()).isEqualTo(History.INSTANCE);
  }

  @Test
  void entityLockGranted_resumesInsideTheSection() {
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a", "@account@b")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(TRANSFER, history))
        .containsExactly("#1 CallEntity @account@a balance");
  }

  @Test
  void lockGrantedAsLegacyEventRaised_resumesInsideTheSection() {
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a", "@account@b")
            .newEvents(T1)
            .eventRaised(uuid(T0, 0), "{\"result\":\"Lock Acquisition Completed\"}");

    assertThat(Replay.actions(TRANSFER, history))
        .containsExactly("#1 CallEntity @account@a balance");
  }

  @Test
  void close_sendsOneUnlockPerEntityBeforeCompletion() {
    History history = lockedAndCalled().newEvents(T2).entityCompleted(uuid(T1, 1), "100");

    OrchestratorResponse response = Replay.run(TRANSFER, history);

    assertThat(Replay.actions(response))
        .containsExactly(
            "#2 UnlockEntity @account@a",
            "#3 UnlockEntity @account@b",
            "#4 Complete COMPLETED result=100");
    var unlock =
        Replay.first(response, OrchestratorActionTypeCase.SENDENTITYMESSAGE)
            .getSendEntityMessage()
            .getEntityUnlockSent();
    assertThat(unlock.getCriticalSectionId()).isEqualTo(uuid(T0, 0));
    assertThat(unlock.getParentInstanceId().getValue()).isEqualTo(History.INSTANCE);
  }

  @Test
  void entityUnlockSent_inHistory_isNotSentAgain() {
    Orchestration orchestration =
        ctx -> {
          TRANSFER.run(ctx);
          return ctx.waitForExternalEvent("Go", String.class).await();
        };
    History history =
        lockedAndCalled()
            .episode(T2)
            .entityCompleted(uuid(T1, 1), "100")
            .unlockSent(2, "@account@a")
            .unlockSent(3, "@account@b")
            .newEvents(T2.plusSeconds(1))
            .eventRaised("Go", "\"done\"");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#4 Complete COMPLETED result=\"done\"");
  }

  @Test
  void waitingInsideSection_keepsLocksAcrossEpisodes() {
    assertThat(Replay.actions(TRANSFER, lockedAndCalled().newEvents(T2))).isEmpty();
  }

  @Test
  void close_calledTwice_unlocksOnce() {
    Orchestration orchestration =
        ctx -> {
          CriticalSection lock = ctx.entities().lockEntities(A);
          lock.close();
          lock.close();
          return lock.isOpen();
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#1 UnlockEntity @account@a", "#2 Complete COMPLETED result=false");
  }

  @Test
  void returnWithoutClose_unlocksBeforeCompletion() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().lockEntities(A, B);
          return "kept";
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a", "@account@b")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 UnlockEntity @account@a",
            "#2 UnlockEntity @account@b",
            "#3 Complete COMPLETED result=\"kept\"");
  }

  @Test
  void failureWithoutClose_unlocksBeforeFailure() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().lockEntities(A);
          throw new IllegalStateException("oops");
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 UnlockEntity @account@a", "#2 Complete FAILED failure=IllegalStateException");
  }

  @Test
  void failureInsideTryWithResources_unlocksOnce() {
    Orchestration orchestration =
        ctx -> {
          try (CriticalSection lock = ctx.entities().lockEntities(A)) {
            throw new IllegalStateException("oops in " + lock.lockedEntities());
          }
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 UnlockEntity @account@a", "#2 Complete FAILED failure=IllegalStateException");
  }

  @Test
  void terminationWhileLocked_unlocksBeforeTerminated() {
    History history = lockedAndCalled().newEvents(T2).terminated(null);

    assertThat(Replay.actions(TRANSFER, history))
        .containsExactly(
            "#2 UnlockEntity @account@a", "#3 UnlockEntity @account@b", "#4 Complete TERMINATED");
  }

  @Test
  void terminationWhileLockPending_unlocksTheWholeLockSet() {
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a", "@account@b")
            .newEvents(T1)
            .terminated(null);

    assertThat(Replay.actions(TRANSFER, history))
        .containsExactly(
            "#1 UnlockEntity @account@a", "#2 UnlockEntity @account@b", "#3 Complete TERMINATED");
  }

  @Test
  void isInCriticalSection_andLockedEntities_reflectTheSection() {
    List<Object> seen = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          seen.add(ctx.entities().isInCriticalSection());
          try (CriticalSection lock = ctx.entities().lockEntities(B, A)) {
            seen.add(ctx.entities().isInCriticalSection());
            seen.add(ctx.entities().lockedEntities());
            seen.add(lock.lockedEntities());
          }
          seen.add(ctx.entities().isInCriticalSection());
          seen.add(ctx.entities().lockedEntities());
          return null;
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a", "@account@b")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    Replay.run(orchestration, history);

    assertThat(seen).containsExactly(false, true, List.of(A, B), List.of(A, B), false, List.of());
  }

  @Test
  void signalToUnlockedEntityAndActivity_insideSection_areAllowed() {
    Orchestration orchestration =
        ctx -> {
          try (CriticalSection lock = ctx.entities().lockEntities(A)) {
            ctx.entities().signal(C, "audit", lock.isOpen() ? "x" : "closed");
            ctx.callActivity("Log", null, Void.class);
          }
          return null;
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 SignalEntity @account@c audit input=\"x\"",
            "#2 ScheduleTask Log",
            "#3 UnlockEntity @account@a",
            "#4 Complete COMPLETED");
  }

  @Test
  void afterClose_signalToPreviouslyLockedEntity_isAllowed() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().lockEntities(A).close();
          ctx.entities().signal(A, "deposit", 5);
          return null;
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 UnlockEntity @account@a",
            "#2 SignalEntity @account@a deposit input=5",
            "#3 Complete COMPLETED");
  }

  @Test
  void callAfterPreviousCallCompleted_sameLockedEntity_isAllowed() {
    Orchestration orchestration =
        ctx -> {
          try (CriticalSection lock = ctx.entities().lockEntities(A)) {
            long first = ctx.entities().call(A, "balance", null, Long.class);
            long second =
                ctx.entities().call(lock.lockedEntities().get(0), "balance", null, Long.class);
            return first + second;
          }
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .episode(T1)
            .lockGranted(uuid(T0, 0))
            .entityCalled(1, "@account@a", "balance")
            .newEvents(T2)
            .entityCompleted(uuid(T1, 1), "7");

    assertThat(Replay.actions(orchestration, history))
        .containsExactly("#2 CallEntity @account@a balance");
  }

  // ---- rules ------------------------------------------------------------------------------

  @Test
  void rule_emptyLockSet_isRejected() {
    assertThat(violation(ctx -> ctx.entities().lockEntities(List.of()), false))
        .contains("\"the lock set is not empty\"", "'Orch'", "'inst-1'");
  }

  @Test
  void rule_nestedLocks_isRejected() {
    assertThat(violation(ctx -> ctx.entities().lockEntities(B), true))
        .contains("\"no nested locks\"", "[@account@a]");
  }

  @Test
  void rule_callToUnlockedEntity_isRejected() {
    assertThat(violation(ctx -> ctx.entities().call(C, "balance", null, Long.class), true))
        .contains("\"inside a critical section, call only locked entities\"", "@account@c");
  }

  @Test
  void rule_secondOutstandingCallToLockedEntity_isRejected() {
    assertThat(
            violation(
                ctx -> {
                  ctx.entities().callAsync(A, "balance", null, Long.class);
                  return ctx.entities().callAsync(A, "balance", null, Long.class);
                },
                true))
        .contains("\"at most one outstanding call per locked entity\"", "@account@a");
  }

  @Test
  void rule_signalToLockedEntity_isRejected() {
    assertThat(
            violation(
                ctx -> {
                  ctx.entities().signal(A, "deposit", 5);
                  return null;
                },
                true))
        .contains("\"no signals to locked entities\"", "'deposit'", "@account@a");
  }

  @Test
  void rule_subOrchestrationInsideSection_isRejected() {
    assertThat(violation(ctx -> ctx.callSubOrchestration("Child", null, Void.class), true))
        .contains("\"no sub-orchestrations inside a critical section\"", "'Child'");
  }

  @Test
  void rule_continueAsNewInsideSection_isRejected() {
    assertThat(
            violation(
                ctx -> {
                  ctx.continueAsNew(null);
                  return null;
                },
                true))
        .contains("\"no continue-as-new inside a critical section\"");
  }

  @Test
  void ruleViolation_uncaught_failsAndStillUnlocks() {
    Orchestration orchestration =
        ctx -> {
          ctx.entities().lockEntities(A);
          ctx.entities().signal(A, "deposit", 5);
          return null;
        };
    History history =
        History.started("Orch", null)
            .lockRequested(0, "@account@a")
            .newEvents(T1)
            .lockGranted(uuid(T0, 0));

    assertThat(Replay.actions(orchestration, history))
        .containsExactly(
            "#1 UnlockEntity @account@a",
            "#2 Complete FAILED failure=CriticalSectionViolationException");
  }

  /**
   * Runs {@code step} (inside a granted section over A when {@code locked}) and returns the error.
   */
  private static String violation(Orchestration step, boolean locked) {
    List<String> messages = new ArrayList<>();
    Orchestration orchestration =
        ctx -> {
          if (locked) {
            ctx.entities().lockEntities(A);
          }
          try {
            step.run(ctx);
          } catch (CriticalSectionViolationException e) {
            messages.add(e.getMessage());
          }
          return null;
        };
    History history =
        locked
            ? History.started("Orch", null)
                .lockRequested(0, "@account@a")
                .newEvents(T1)
                .lockGranted(uuid(T0, 0))
            : History.starting("Orch", null);
    Replay.run(orchestration, history);
    assertThat(messages).as("a CriticalSectionViolationException").hasSize(1);
    return messages.get(0);
  }
}
