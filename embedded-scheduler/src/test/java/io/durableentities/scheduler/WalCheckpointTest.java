package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.scheduler.internal.store.WalHeader;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL is checkpointed off the writer's commit path: the store's connection has SQLite's
 * automatic checkpoint switched off, so the WAL only starts over (its header's checkpoint sequence
 * number grows) when the scheduler's own checkpointer copied it into the database.
 */
class WalCheckpointTest {

  @TempDir Path dataDir;

  @Test
  void walStartsOver_whileSignalsKeepComing_withoutSqlitesAutomaticCheckpoint() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.signal("@counter@warm", "add", "1");
      long first = WalHeader.checkpointSequence(dataDir);
      assertThat(first).as("a WAL exists once something was committed").isGreaterThanOrEqualTo(0);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      int signals = 0;
      while (WalHeader.checkpointSequence(dataDir) == first) {
        assertThat(System.nanoTime())
            .as("the WAL started over within 2 minutes (%d signals sent)", signals)
            .isLessThan(deadline);
        h.signal("@counter@c" + (signals % 50), "add", "1");
        signals++;
      }
      assertThat(signals)
          .as("one commit per sequential signal; the checkpointer wakes every 1,000 commits")
          .isGreaterThan(0);
    }
  }
}
