package io.durableentities.scheduler.internal.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeenRequestIdsTest {

  private final WriterLock lock = new WriterLock();

  @BeforeEach
  void holdTheWriterLock() {
    lock.lock();
  }

  @AfterEach
  void releaseIt() {
    lock.unlock();
  }

  /** Adds an id as the engine does for a new one, returning its row id. */
  private static long add(SeenRequestIds seen, String entity, String requestId, long now) {
    return seen.add(seen.fingerprint("hub", entity, requestId), now);
  }

  private static long[] rows(SeenRequestIds seen, String entity, String requestId) {
    return seen.rowsOf(seen.fingerprint("hub", entity, requestId));
  }

  @Test
  void anAddedId_isFoundWithItsRowId_andOthersAreNot() {
    SeenRequestIds seen = new SeenRequestIds(lock, 3_600_000);
    assertThat(rows(seen, "@counter@a", "r1")).isEmpty();
    assertThat(add(seen, "@counter@a", "r1", 10)).isEqualTo(1);
    assertThat(add(seen, "@counter@b", "r1", 11)).isEqualTo(2);

    assertThat(rows(seen, "@counter@a", "r1")).containsExactly(1);
    assertThat(rows(seen, "@counter@b", "r1")).containsExactly(2);
    assertThat(rows(seen, "@counter@a", "r2")).isEmpty();
    assertThat(seen.rowsOf(seen.fingerprint("other", "@counter@a", "r1"))).isEmpty();
    assertThat(seen.size()).isEqualTo(2);
  }

  @Test
  void equalFingerprints_areAllCandidates() {
    SeenRequestIds seen = new SeenRequestIds(lock, 3_600_000);
    seen.add(42, 1);
    seen.add(42, 2);
    seen.add(43, 3);

    assertThat(seen.rowsOf(42)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void loadedRows_areFound_andNewIdsContinueAfterThem() {
    SeenRequestIds seen = new SeenRequestIds(lock, 3_600_000);
    seen.loaded(40, "hub", "@counter@a", "r1", 5);
    seen.loaded(41, "hub", "@counter@a", "r2", 6);
    seen.continueAfter(45);

    assertThat(rows(seen, "@counter@a", "r2")).containsExactly(41);
    assertThat(add(seen, "@counter@a", "r3", 7)).isEqualTo(46);
  }

  @Test
  void forgetBefore_dropsWholeGenerationsOlderThanTheCutoff_andReturnsTheirLastRowId() {
    SeenRequestIds seen = new SeenRequestIds(lock, 1_600); // generations of 100 ms
    add(seen, "@c@a", "r1", 0);
    add(seen, "@c@a", "r2", 50);
    add(seen, "@c@a", "r3", 150);
    add(seen, "@c@a", "r4", 260);

    assertThat(seen.forgetBefore(100)).as("the first generation, [0, 100)").isEqualTo(2);
    assertThat(rows(seen, "@c@a", "r1")).isEmpty();
    assertThat(rows(seen, "@c@a", "r3")).containsExactly(3);
    assertThat(seen.forgetBefore(100)).isZero();
    assertThat(seen.forgetBefore(1_000)).as("everything, the open generation too").isEqualTo(4);
    assertThat(seen.size()).isZero();
    assertThat(add(seen, "@c@a", "r5", 1_000)).isEqualTo(5);
  }

  @Test
  void everyIdOfTheWindow_isAlwaysACandidate_atAbout15BytesEach() {
    long window = 16_000;
    SeenRequestIds seen = new SeenRequestIds(lock, window);
    Map<String, long[]> stored = new HashMap<>(); // key -> {row id, seen at}
    Random random = new Random(42);
    for (long now = 0; now < 64_000; now++) {
      String key = "r" + random.nextInt(1_000_000);
      String entity = "@c@" + random.nextInt(50);
      long[] before = stored.get(entity + "/" + key);
      long[] candidates = rows(seen, entity, key);
      if (before != null && before[1] >= now - window) {
        assertThat(candidates).as("%s at %d", key, now).contains(before[0]);
        continue;
      }
      stored.put(entity + "/" + key, new long[] {add(seen, entity, key, now), now});
      if (now % 1_000 == 999) {
        seen.forgetBefore(now - window);
      }
    }
    for (Map.Entry<String, long[]> e : stored.entrySet()) {
      if (e.getValue()[1] >= 64_000 - window) {
        String[] parts = e.getKey().split("/", 2);
        assertThat(rows(seen, parts[0], parts[1])).contains(e.getValue()[0]);
      }
    }
    assertThat(seen.size()).isBetween((int) window, (int) (window + window / 16 + 1_000));
    assertThat((double) seen.bytes() / seen.size()).isLessThanOrEqualTo(16.0);
  }

  @Test
  void aChangeWithoutTheWriterLock_isRefused() {
    SeenRequestIds seen = new SeenRequestIds(lock, 3_600_000);
    lock.unlock();
    try {
      assertThatThrownBy(() -> seen.add(1, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without the writer lock");
    } finally {
      lock.lock();
    }
  }
}
