package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL starts over while a writer commits without pause: a passive checkpoint pass copies only
 * the frames there when it began, so the WAL is never fully copied when the writer's next
 * transaction begins unless the writer runs the last short pass itself.
 */
class CheckpointerTest {

  @TempDir Path dataDir;

  @Test
  void walStartsOverTwice_whileTheWriterCommitsWithoutPause() throws Exception {
    try (Store store = Store.open(dataDir, StoreOptions.DEFAULT)) {
      store.entities().insertDedup(1, "hub", "@counter@c", "r1", 0);
      store.commit();
      long first = WalHeader.checkpointSequence(dataDir);
      assertThat(first).as("a WAL exists once something was committed").isGreaterThanOrEqualTo(0);
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      long id = 1;
      while (WalHeader.checkpointSequence(dataDir) < first + 2) {
        assertThat(System.nanoTime())
            .as("the WAL started over twice within 3 minutes (%d commits)", id)
            .isLessThan(deadline);
        id++;
        store.entities().insertDedup(id, "hub", "@counter@c", "r" + id, 0);
        store.commit();
      }
      assertThat(Files.size(dataDir.resolve("scheduler.db-wal")))
          .as("the WAL stays near the checkpointer's 1,000-commit interval, not the %d commits", id)
          .isLessThan(id * 1_100L);
    }
  }
}
