package io.durableentities.scheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitWriterTest {

  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger recoveries = new AtomicInteger();
  private final AtomicBoolean failNextCommit = new AtomicBoolean();
  private volatile CountDownLatch commitGate = new CountDownLatch(0);
  private final GroupCommitWriter writer =
      new GroupCommitWriter(
          new ReentrantLock(),
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

  /**
   * Submits from another thread a write that blocks inside its group until the latch opens (a lone
   * write runs on its caller's thread, so the test thread must not be that caller).
   */
  private CompletableFuture<Object> blockWriter(CountDownLatch started, CountDownLatch release) {
    return CompletableFuture.supplyAsync(
            () ->
                writer.submit(
                    ctx -> {
                      started.countDown();
                      try {
                        release.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return null;
                    }))
        .thenCompose(f -> f);
  }

  /** Submits from another thread, so that the test sees the future before the write is done. */
  private <T> CompletableFuture<T> submitElsewhere(GroupCommitWriter.Work<T> work) {
    return CompletableFuture.supplyAsync(() -> writer.submit(work)).thenCompose(f -> f);
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

    CompletableFuture<String> write = submitElsewhere(ctx -> "durable");

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
  void aLoneWrite_runsOnTheCallersThread_andIsCommittedWhenSubmitReturns() throws Exception {
    writer.start();
    Thread caller = Thread.currentThread();

    CompletableFuture<Thread> write = writer.submit(ctx -> Thread.currentThread());

    assertThat(write).isCompletedWithValue(caller);
    assertThat(commits.get()).isEqualTo(1);
  }

  @Test
  void writesArrivingWhileAGroupRuns_areQueuedForTheWriterThread() throws Exception {
    writer.start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> blocker = blockWriter(started, release);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<String> queued = writer.submit(ctx -> Thread.currentThread().getName());

    assertThat(queued).isNotDone();
    release.countDown();
    blocker.get(20, TimeUnit.SECONDS);
    assertThat(queued.get(20, TimeUnit.SECONDS)).isEqualTo("scheduler-writer");
  }

  @Test
  void afterAGroupOfSeveral_aLoneWriteGoesToTheWriterThread_untilGroupsAreSingleAgain()
      throws Exception {
    writer.start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> blocker = blockWriter(started, release);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Integer>> group = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int n = i;
      group.add(writer.submit(ctx -> n));
    }
    release.countDown();
    blocker.get(20, TimeUnit.SECONDS);
    for (CompletableFuture<Integer> f : group) {
      f.get(20, TimeUnit.SECONDS);
    }

    String afterGroup =
        writer.submit(ctx -> Thread.currentThread().getName()).get(20, TimeUnit.SECONDS);
    // The writer thread may still be finishing its group (it answers before it lets go), so a
    // lone write may queue a few more times before the caller runs it.
    boolean ranOnCaller = false;
    for (int i = 0; i < 1000 && !ranOnCaller; i++) {
      ranOnCaller =
          writer
              .submit(ctx -> Thread.currentThread().getName())
              .get(20, TimeUnit.SECONDS)
              .equals(Thread.currentThread().getName());
    }

    assertThat(afterGroup).as("concurrent writers were active").isEqualTo("scheduler-writer");
    assertThat(ranOnCaller).as("a lone write runs on its caller's thread again").isTrue();
  }

  @Test
  void workSubmittedByARunningGroup_isQueued_notRunInsideIt() throws Exception {
    writer.start();
    List<String> order = new ArrayList<>();

    CompletableFuture<CompletableFuture<String>> outer =
        writer.submit(
            ctx -> {
              CompletableFuture<String> inner =
                  writer.submit(
                      c -> {
                        synchronized (order) {
                          order.add("inner");
                        }
                        return Thread.currentThread().getName();
                      });
              synchronized (order) {
                order.add("outer");
              }
              return inner;
            });

    assertThat(outer.get(20, TimeUnit.SECONDS).get(20, TimeUnit.SECONDS))
        .isEqualTo("scheduler-writer");
    synchronized (order) {
      assertThat(order).containsExactly("outer", "inner");
    }
    assertThat(commits.get()).isEqualTo(2);
  }

  @Test
  void stop_waitsForAGroupRunningOnACallersThread() throws Exception {
    writer.start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> blocker = blockWriter(started, release);
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(
            () -> {
              try {
                writer.stop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });

    assertThatThrownBy(() -> stopped.get(300, TimeUnit.MILLISECONDS))
        .as("stop waits while the group runs")
        .isInstanceOf(TimeoutException.class);
    release.countDown();

    stopped.get(20, TimeUnit.SECONDS);
    blocker.get(20, TimeUnit.SECONDS);
    assertThat(commits.get()).isEqualTo(1);
  }

  @Test
  void afterStop_writesAreRefusedWithUnavailable() throws Exception {
    writer.start();
    writer.stop();

    assertThatThrownBy(() -> writer.submit(ctx -> "late").join())
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("shutting down");
  }
}
