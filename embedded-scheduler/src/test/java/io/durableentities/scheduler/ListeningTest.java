package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListeningTest {

  private static void hello(String host, int port) throws InterruptedException {
    ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    try {
      assertThat(
              TaskHubSidecarServiceGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(20, TimeUnit.SECONDS)
                  .hello(Empty.getDefaultInstance()))
          .isEqualTo(Empty.getDefaultInstance());
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void byDefault_listensOnTheLoopbackAddresses_onOnePort() throws Exception {
    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build())) {
      assertThat(scheduler.addresses()).anyMatch(a -> a.contains("127.0.0.1:" + scheduler.port()));
      hello("127.0.0.1", scheduler.port());
      hello("localhost", scheduler.port());
      if (scheduler.addresses().size() > 1) {
        // IPv6 loopback is available on this machine: the same port answers there too.
        hello("::1", scheduler.port());
      }
      assertThat(scheduler.connectionString())
          .isEqualTo("Endpoint=http://localhost:" + scheduler.port() + ";Authentication=None");
    }
  }

  @Test
  void givenHost_listensThereOnly() throws Exception {
    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder().inMemory().host("127.0.0.1").build())) {
      assertThat(scheduler.addresses()).hasSize(1);
      hello("127.0.0.1", scheduler.port());
      assertThat(scheduler.connectionString())
          .isEqualTo("Endpoint=http://127.0.0.1:" + scheduler.port() + ";Authentication=None");
    }
  }
}
