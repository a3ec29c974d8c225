package io.durableentities.scheduler.internal.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTest {

  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger recoveries = new AtomicInteger();
  private final AtomicBoolean failNextCommit = new AtomicBoolean();
  private volatile CountDownLatch commitGate = new CountDownLatch(0);
  private final GroupCommitWriter writer =
      new GroupCommitWriter(
          new WriterLock(),
          Clock.systemUTC(),
          new GroupCommitWriter.Hooks() {
            @Override
            public void commit() throws SQLException {
              try {
                commitGate.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (failNextCommit.getAndSet(false)) {
                throw new SQLException("disk I/O error");
              }
              commits.incrementAndGet();
            }

            @Override
            public void recover(Exception cause) {
              recoveries.incrementAndGet();
            }

            @Override
            public void afterCommit(long now) {}
          });

  @AfterEach
  void tearDown() throws InterruptedException {
    writer.stop();
  }

  /** Blocks the writer thread inside a group until the latch opens. */
  private CompletableFuture<Object> blockWriter(CountDownLatch started, CountDownLatch release) {
    return blockWriter(writer, started, release);
  }

  private static CompletableFuture<Object> blockWriter(
      GroupCommitWriter writer, CountDownLatch started, CountDownLatch release) {
    return writer.submit(
        ctx -> {
          started.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
  }

  @Test
  void queuedWrites_shareOneCommit() throws Exception {
    writer.start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> first = blockWriter(started, release);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Integer>> rest = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      rest.add(writer.submit(ctx -> n));
    }

    release.countDown();
    first.get(20, TimeUnit.SECONDS);
    for (int i = 0; i < 100; i++) {
      assertThat(rest.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(i);
    }

    assertThat(commits.get()).as("one commit for the blocker, one for the 100 queued").isEqualTo(2);
  }

  @Test
  void callers_areAnsweredOnlyAfterTheCommit() throws Exception {
    writer.start();
    commitGate = new CountDownLatch(1);

    CompletableFuture<String> write = writer.submit(ctx -> "durable");

    assertThat(write.completeOnTimeout("not yet", 300, TimeUnit.MILLISECONDS).get())
        .as("no answer while the commit (fsync) is still running")
        .isEqualTo("not yet");
    commitGate.countDown();
    CompletableFuture<String> next = writer.submit(ctx -> "next");
    assertThat(next.get(20, TimeUnit.SECONDS)).isEqualTo("next");
    assertThat(commits.get()).isEqualTo(2);
  }

  @Test
  void aRejectedWrite_doesNotAffectItsGroup() throws Exception {
    writer.start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    blockWriter(started, release);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> bad =
        writer.submit(
            ctx -> {
              throw Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException();
            });
    CompletableFuture<String> good = writer.submit(ctx -> "ok");

    release.countDown();

    assertThat(good.get(20, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThatThrownBy(() -> bad.join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT");
  }

  @Test
  void aFailedCommit_failsTheWholeGroupWithUnavailable_andRecovers() throws Exception {
    writer.start();
    failNextCommit.set(true);

    CompletableFuture<String> write = writer.submit(ctx -> "lost");

    assertThatThrownBy(() -> write.get(20, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("UNAVAILABLE")
        .hasMessageContaining("disk I/O error");
    assertThat(recoveries.get()).isEqualTo(1);
    assertThat(writer.submit(ctx -> "next").get(20, TimeUnit.SECONDS)).isEqualTo("next");
  }

  @Test
  void afterStop_writesAreRefusedWithUnavailable() throws Exception {
    writer.start();
    writer.stop();

    assertThatThrownBy(() -> writer.submit(ctx -> "late").join())
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("shutting down");
  }

  /**
   * The writer takes nothing while it waits in {@link GroupCommitWriter.Hooks#beforeTaking()}: the
   * work submitted meanwhile is taken together afterwards, in one group.
   */
  @Test
  void workQueuedWhileTheWriterWaitsBeforeTaking_isTakenInOneGroup() throws Exception {
    CountDownLatch atGate = new CountDownLatch(1);
    CountDownLatch open = new CountDownLatch(1);
    GroupCommitWriter gated =
        new GroupCommitWriter(
            new WriterLock(),
            Clock.systemUTC(),
            new GroupCommitWriter.Hooks() {
              @Override
              public void beforeTaking() throws InterruptedException {
                atGate.countDown();
                open.await();
              }

              @Override
              public void commit() {
                commits.incrementAndGet();
              }

              @Override
              public void recover(Exception cause) {}

              @Override
              public void afterCommit(long now) {}
            });
    gated.start();
    try {
      assertThat(atGate.await(20, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Integer>> writes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        writes.add(gated.submit(ctx -> n));
      }

      open.countDown();

      for (int i = 0; i < 100; i++) {
        assertThat(writes.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(i);
      }
      assertThat(commits.get()).as("the 100 writes share one commit").isEqualTo(1);
    } finally {
      gated.stop();
    }
  }

  /**
   * Under a commit delay, work that arrives while the writer waits for more runs at once, in the
   * open group, and everything is answered after the one commit that ends the wait.
   */
  @Test
  void workArrivingDuringTheCommitDelay_runsAtOnce_inTheSameGroup() throws Exception {
    GroupCommitWriter delayed =
        new GroupCommitWriter(
            new WriterLock(),
            Clock.systemUTC(),
            new GroupCommitWriter.Hooks() {
              @Override
              public void commit() {
                commits.incrementAndGet();
              }

              @Override
              public void recover(Exception cause) {}

              @Override
              public void afterCommit(long now) {}
            },
            new CommitDelay(TimeUnit.SECONDS.toNanos(5), 2, TimeUnit.SECONDS.toNanos(5)));
    delayed.start();
    try {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = blockWriter(delayed, started, release);
      assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
      CountDownLatch ranA = new CountDownLatch(1);
      CountDownLatch ranC = new CountDownLatch(1);
      CompletableFuture<String> a =
          delayed.submit(
              ctx -> {
                ranA.countDown();
                return "a";
              });
      CompletableFuture<String> b = delayed.submit(ctx -> "b");

      release.countDown();
      blocker.get(20, TimeUnit.SECONDS);
      assertThat(ranA.await(20, TimeUnit.SECONDS)).as("a runs before the wait ends").isTrue();
      assertThat(commits.get()).as("only the blocker's group is committed").isEqualTo(1);
      CompletableFuture<String> c =
          delayed.submit(
              ctx -> {
                ranC.countDown();
                return "c";
              });
      assertThat(ranC.await(20, TimeUnit.SECONDS)).as("c runs while the writer waits").isTrue();
      assertThat(a).as("answered only after the commit").isNotDone();

      assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo("a");
      assertThat(b.get(20, TimeUnit.SECONDS)).isEqualTo("b");
      assertThat(c.get(20, TimeUnit.SECONDS)).isEqualTo("c");
      assertThat(commits.get()).as("a, b and c share one commit").isEqualTo(2);
    } finally {
      delayed.stop();
    }
  }
}
