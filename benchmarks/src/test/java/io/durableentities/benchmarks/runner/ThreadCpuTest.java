package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void cpuIsCountedForTheGroupOfTheThreadThatUsedIt() throws Exception {
    ThreadCpu start = ThreadCpu.snapshot();
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread sender =
        new Thread(
            () -> {
              var threads = ManagementFactory.getThreadMXBean();
              long x = 0;
              while (threads.getCurrentThreadCpuTime() < 5_000_000) {
                x += Long.numberOfTrailingZeros(x + 1);
              }
              busy.countDown();
              try {
                done.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "signal-test-1");
    sender.start();
    assertThat(busy.await(20, TimeUnit.SECONDS)).isTrue();
    // Read while the thread is alive: the CPU of a thread that ended counts as "JVM".
    ThreadCpu end = ThreadCpu.snapshot();
    done.countDown();
    sender.join();

    Map<String, Double> perOp = end.microsPerOpSince(start, 1);

    assertThat(perOp)
        .containsOnlyKeys("transport", "writer", "worker", "senders", "other threads", "JVM");
    assertThat(perOp.get("senders")).isGreaterThanOrEqualTo(5_000.0);
    assertThat(perOp.get("writer")).isZero();
  }
}
