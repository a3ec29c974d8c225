package io.durableentities.scheduler.internal.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.scheduler.internal.engine.state.WriterLock;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitDelayTest {

  @Test
  void aLoneCallerOrOneWithACompanion_neverWaits() {
    assertThat(CommitDelay.DEFAULT.delayFor(1, 0)).isZero();
    assertThat(CommitDelay.DEFAULT.delayFor(1, 1)).isZero();
    assertThat(CommitDelay.DEFAULT.delayFor(2, 2)).isZero();
    assertThat(CommitDelay.DEFAULT.delayFor(3, 3)).isZero();
  }

  @Test
  void concurrentWriters_waitUpToTheDelay_whetherQueuedNowOrAnsweredLastTime() {
    long delay = CommitDelay.DEFAULT.delayNanos();
    assertThat(delay).isPositive();
    assertThat(CommitDelay.DEFAULT.delayFor(4, 0)).isEqualTo(delay);
    assertThat(CommitDelay.DEFAULT.delayFor(1, 40)).isEqualTo(delay);
    assertThat(CommitDelay.DEFAULT.delayFor(500, 1)).isEqualTo(delay);
    assertThat(new CommitDelay(5, 2, 1).delayFor(2, 0)).isEqualTo(5);
  }

  @Test
  void none_neverWaits() {
    assertThat(CommitDelay.NONE.delayFor(1, 1)).isZero();
    assertThat(CommitDelay.NONE.delayFor(GroupCommitWriter.MAX_GROUP, GroupCommitWriter.MAX_GROUP))
        .isZero();
  }

  @Test
  void invalidSettings_areRejected() {
    assertThatThrownBy(() -> new CommitDelay(-1, 4, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitDelay(1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitDelay(1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** With an hour of delay from 2 siblings, a lone sequential caller is still answered. */
  @Test
  void writer_doesNotDelayALoneSequentialCaller_andAnswersBeforeDispatch() throws Exception {
    List<Boolean> answeredBeforeDispatch = new ArrayList<>();
    List<CompletableFuture<Object>> submitted = new ArrayList<>();
    List<Integer> ranInGroup = new ArrayList<>();
    GroupCommitWriter writer =
        new GroupCommitWriter(
            new WriterLock(),
            Clock.systemUTC(),
            new GroupCommitWriter.Hooks() {
              @Override
              public void commit() throws SQLException {}

              @Override
              public void recover(Exception cause) {}

              @Override
              public void afterCommit(long now) {
                synchronized (submitted) {
                  for (int index : ranInGroup) {
                    answeredBeforeDispatch.add(submitted.get(index).isDone());
                  }
                  ranInGroup.clear();
                }
              }
            },
            new CommitDelay(TimeUnit.HOURS.toNanos(1), 2, TimeUnit.HOURS.toNanos(1)));
    writer.start();
    try {
      for (int i = 0; i < 3; i++) {
        int index = i;
        CompletableFuture<Object> f;
        synchronized (submitted) {
          f =
              writer.submit(
                  ctx -> {
                    synchronized (ranInGroup) {
                      ranInGroup.add(index);
                    }
                    return "ok";
                  });
          submitted.add(f);
        }
        assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
      }
    } finally {
      writer.stop();
    }
    synchronized (submitted) {
      assertThat(answeredBeforeDispatch).containsExactly(true, true, true);
    }
  }
}
