package io.durableentities.scheduler.internal.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
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

  @Test
  void add_reportsDuplicatesPerEntity_andHandsOutAscendingRowIds() {
    SeenRequestIds seen = new SeenRequestIds(lock);
    assertThat(seen.add("hub", "@counter@a", "r1", 10)).isEqualTo(1);
    assertThat(seen.add("hub", "@counter@a", "r1", 11)).isZero();
    assertThat(seen.add("hub", "@counter@b", "r1", 12)).isEqualTo(2);
    assertThat(seen.add("other", "@counter@a", "r1", 13)).isEqualTo(3);
    assertThat(seen.size()).isEqualTo(3);
  }

  @Test
  void loadedRows_areDuplicates_andNewIdsContinueAfterThem() {
    SeenRequestIds seen = new SeenRequestIds(lock);
    seen.loaded(40, "hub", "@counter@a", "r1", 5);
    seen.loaded(41, "hub", "@counter@a", "r2", 6);
    assertThat(seen.add("hub", "@counter@a", "r2", 7)).isZero();
    assertThat(seen.add("hub", "@counter@a", "r3", 7)).isEqualTo(42);
  }

  @Test
  void forgetBefore_forgetsTheOldestPrefix_andReturnsItsLastRowId() {
    SeenRequestIds seen = new SeenRequestIds(lock);
    seen.add("hub", "@c@a", "r1", 100);
    seen.add("hub", "@c@a", "r2", 200);
    seen.add("hub", "@c@a", "r3", 300);
    assertThat(seen.forgetBefore(250)).isEqualTo(2);
    assertThat(seen.size()).isEqualTo(1);
    assertThat(seen.add("hub", "@c@a", "r1", 400)).as("forgotten, so new again").isPositive();
    assertThat(seen.add("hub", "@c@a", "r3", 400)).as("still remembered").isZero();
    assertThat(seen.forgetBefore(250)).isZero();
  }

  @Test
  void manyAddsAndForgets_matchAPlainSetAndQueue() {
    SeenRequestIds seen = new SeenRequestIds(lock);
    Set<String> expected = new HashSet<>();
    Set<String> everSeen = new HashSet<>();
    ArrayDeque<String[]> order = new ArrayDeque<>();
    Random random = new Random(42);
    long now = 0;
    for (int round = 0; round < 200_000; round++) {
      now++;
      String key = "r" + random.nextInt(20_000);
      String entity = "@c@" + random.nextInt(50);
      boolean isNew = expected.add(entity + "/" + key);
      everSeen.add(entity + "/" + key);
      long row = seen.add("hub", entity, key, now);
      assertThat(row > 0).as("round %d", round).isEqualTo(isNew);
      if (isNew) {
        order.addLast(new String[] {entity + "/" + key, Long.toString(now)});
      }
      if (round % 1_000 == 999) {
        long cutoff = now - random.nextInt(5_000);
        seen.forgetBefore(cutoff);
        while (!order.isEmpty() && Long.parseLong(order.peekFirst()[1]) < cutoff) {
          expected.remove(order.pollFirst()[0]);
        }
        assertThat(seen.size()).isEqualTo(expected.size());
      }
    }
    // The table holds exactly the remembered ids, each findable: every one is a duplicate...
    for (String k : expected) {
      String[] parts = k.split("/", 2);
      assertThat(seen.add("hub", parts[0], parts[1], now)).as("remembered %s", k).isZero();
    }
    assertThat(seen.size()).isEqualTo(expected.size());
    seen.forgetBefore(Long.MAX_VALUE);
    assertThat(seen.size()).isZero();
    // ...and once all are forgotten, nothing is left behind: every id ever seen is new again.
    for (String k : everSeen) {
      String[] parts = k.split("/", 2);
      assertThat(seen.add("hub", parts[0], parts[1], now)).as("forgotten %s", k).isPositive();
    }
  }

  @Test
  void aChangeWithoutTheWriterLock_isRefused() {
    SeenRequestIds seen = new SeenRequestIds(lock);
    lock.unlock();
    try {
      assertThatThrownBy(() -> seen.add("hub", "@c@a", "r1", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without the writer lock");
    } finally {
      lock.lock();
    }
  }
}
