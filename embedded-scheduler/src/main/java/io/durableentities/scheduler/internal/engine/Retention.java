package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.scheduler.internal.engine.entity.StorageCleaner;
import io.durableentities.scheduler.internal.engine.orchestration.InstancePurger;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Protos;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data aging out by policy, a small step in each maintenance run (which shares the writer with the
 * requests, one step per group, so it never holds the writer long):
 *
 * <ul>
 *   <li>{@code instanceRetention}: finished instances (completed, failed, terminated) are purged
 *       with their history once they finished longer ago than the period, oldest first, at most
 *       {@value InstancePurger#ROWS_PER_TURN} rows per run (an instance with a longer history takes
 *       several runs).
 *   <li>{@code cleanEntityStorageInterval}: every interval a pass over each hub's entities does
 *       what {@code CleanEntityStorage} with {@code removeEmptyEntities} and {@code
 *       releaseOrphanedLocks} does, one page (1,000 entities) per run, also while a backlog is
 *       pending (an entity with messages on disk only is not removed: {@link StorageCleaner}), but
 *       not while the fill of the backlog table after a start or a reload runs.
 * </ul>
 *
 * <p>Owns only its schedule (when the next pass starts, where the pass is); the state it works on
 * comes as a parameter.
 */
final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final EngineConfig config;
  private final InstancePurger purger;
  private final StorageCleaner cleaner;

  /** When the next cleaning pass starts; 0 starts one at the first run. */
  private long nextCleanAt;

  /** The hubs the pass in progress has left, and where it is in the first; empty when none. */
  private final List<String> cleanHubs = new ArrayList<>();

  private String cleanToken;

  Retention(EngineConfig config, InstancePurger purger, StorageCleaner cleaner) {
    this.config = config;
    this.purger = purger;
    this.cleaner = cleaner;
  }

  /** Runs one step of each policy that is on (writer thread, lock held). */
  void run(EngineState s, long now) throws SQLException {
    if (config.instanceRetentionMillis() >= 0) {
      purgeFinished(s, now - config.instanceRetentionMillis());
    }
    if (config.cleanEntityStorageMillis() > 0) {
      cleanEntities(s, now);
    }
  }

  private void purgeFinished(EngineState s, long cutoff) throws SQLException {
    // The store finds them (index instances_finished): memory holds no finished instance.
    int purged = purger.purgeFinishedBefore(s, cutoff);
    if (purged > 0) {
      log.debug("Purged {} finished instance(s) older than the retention period", purged);
    }
  }

  private void cleanEntities(EngineState s, long now) throws SQLException {
    if (s.queueLoad().filling()) {
      return; // each empty entity would read the unfilled part of the log: wait for the fill
    }
    if (cleanHubs.isEmpty()) {
      if (now < nextCleanAt) {
        return;
      }
      nextCleanAt = now + config.cleanEntityStorageMillis();
      s.hubs().forEach(h -> cleanHubs.add(h.name()));
      cleanToken = null;
      if (cleanHubs.isEmpty()) {
        return;
      }
    }
    String hub = cleanHubs.get(0);
    CleanEntityStorageRequest.Builder r =
        CleanEntityStorageRequest.newBuilder()
            .setRemoveEmptyEntities(true)
            .setReleaseOrphanedLocks(true);
    if (cleanToken != null) {
      r.setContinuationToken(Protos.string(cleanToken));
    }
    HubState h = s.hub(hub);
    CleanEntityStorageResponse out = h == null ? null : cleaner.clean(s, hub, r.build(), now);
    if (out != null && (out.getEmptyEntitiesRemoved() > 0 || out.getOrphanedLocksReleased() > 0)) {
      log.info(
          "Cleaned entity storage of hub {}: {} empty entities removed, {} orphaned locks released",
          hub,
          out.getEmptyEntitiesRemoved(),
          out.getOrphanedLocksReleased());
    }
    if (out != null && out.hasContinuationToken()) {
      cleanToken = out.getContinuationToken().getValue();
    } else {
      cleanHubs.remove(0);
      cleanToken = null;
    }
  }
}
