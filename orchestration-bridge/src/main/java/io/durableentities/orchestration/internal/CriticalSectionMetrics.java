package io.durableentities.orchestration.internal;

import com.google.protobuf.Timestamp;
import io.durableentities.client.internal.telemetry.WorkerMetrics;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures critical sections from an orchestrator episode's history, never from the replay: the
 * lock wait is recorded when the grant arrives as a new event (from the lock request's history
 * timestamp to the grant's), the section's duration when the episode sends its unlocks (from the
 * grant's timestamp to the episode's {@code OrchestratorStarted} time). An episode replays every
 * earlier grant and unlock as past events, which are never recorded, so each figure is recorded
 * once per episode that first sees it; only a completion the scheduler rejects, whose episode runs
 * again, can record it twice.
 */
final class CriticalSectionMetrics {

  private CriticalSectionMetrics() {}

  /**
   * Records what the episode of {@code request}, answered by {@code response}, tells of critical
   * sections; does nothing (and reads nothing) when the metrics are off.
   *
   * @param metrics the worker's metrics
   * @param request the episode's history
   * @param response the episode's actions
   */
  static void record(
      WorkerMetrics metrics, OrchestratorRequest request, OrchestratorResponse response) {
    if (!metrics.measuresCriticalSections()) {
      return;
    }
    Set<String> unlocked = unlockedSections(response.getActionsList());
    if (unlocked.isEmpty() && !hasGrant(request.getNewEventsList())) {
      return;
    }
    Map<String, Long> requested = new HashMap<>();
    Map<String, Long> granted = new HashMap<>();
    String name = null;
    long episodeStart = 0;
    for (int pass = 0; pass < 2; pass++) {
      boolean fresh = pass == 1;
      for (HistoryEvent e : fresh ? request.getNewEventsList() : request.getPastEventsList()) {
        long at = millis(e.getTimestamp());
        switch (e.getEventTypeCase()) {
          case EXECUTIONSTARTED -> name = e.getExecutionStarted().getName();
          case ORCHESTRATORSTARTED -> episodeStart = at;
          case ENTITYLOCKREQUESTED ->
              requested.put(
                  e.getEntityLockRequested().getCriticalSectionId(), at > 0 ? at : episodeStart);
          case ENTITYLOCKGRANTED -> {
            String section = e.getEntityLockGranted().getCriticalSectionId();
            granted.put(section, at);
            Long asked = requested.get(section);
            if (fresh && name != null && at > 0 && asked != null && asked > 0) {
              metrics.lockWait(name, Math.max(0, at - asked));
            }
          }
          default -> {}
        }
      }
    }
    if (name == null || episodeStart <= 0) {
      return;
    }
    for (String section : unlocked) {
      Long since = granted.get(section);
      if (since != null && since > 0) {
        metrics.criticalSection(name, Math.max(0, episodeStart - since));
      }
    }
  }

  private static Set<String> unlockedSections(List<OrchestratorAction> actions) {
    Set<String> sections = new HashSet<>();
    for (OrchestratorAction a : actions) {
      if (a.hasSendEntityMessage() && a.getSendEntityMessage().hasEntityUnlockSent()) {
        sections.add(a.getSendEntityMessage().getEntityUnlockSent().getCriticalSectionId());
      }
    }
    return sections;
  }

  private static boolean hasGrant(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e.hasEntityLockGranted()) {
        return true;
      }
    }
    return false;
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }
}
