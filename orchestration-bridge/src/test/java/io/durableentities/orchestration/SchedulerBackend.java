package io.durableentities.orchestration;

import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The schedulers the end-to-end scenarios run against (see {@link EndToEndFixture}): every family
 * of scenarios has one concrete test class per back end.
 */
enum SchedulerBackend {

  /** This project's scheduler, in process, in memory. */
  EMBEDDED_SCHEDULER {
    @Override
    Running start() {
      EmbeddedScheduler scheduler =
          EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
      return new Running(scheduler.connectionString(), scheduler::close);
    }
  },

  /**
   * Microsoft's Durable Task Scheduler emulator in a container; unavailable where no Docker engine
   * is reachable, also with {@code CI=true}: Docker is the one prerequisite the build does not
   * require.
   */
  DTS_EMULATOR {
    @Override
    Optional<String> unavailableReason() {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return Optional.empty();
      }
      return Optional.of(
          "no Docker engine is reachable, so the scenarios cannot run against the DTS emulator ("
              + EMULATOR_IMAGE
              + ", a container); they run against the embedded scheduler only");
    }

    @Override
    Running start() {
      GenericContainer<?> emulator =
          new GenericContainer<>(DockerImageName.parse(EMULATOR_IMAGE))
              .withExposedPorts(EMULATOR_GRPC_PORT)
              .waitingFor(Wait.forListeningPort())
              .withStartupTimeout(Duration.ofMinutes(3));
      emulator.start();
      return new Running(
          "Endpoint=http://"
              + emulator.getHost()
              + ":"
              + emulator.getMappedPort(EMULATOR_GRPC_PORT)
              + ";Authentication=None;TaskHub=default",
          emulator::stop);
    }
  };

  /** The emulator image Microsoft publishes. */
  static final String EMULATOR_IMAGE = "mcr.microsoft.com/dts/dts-emulator:latest";

  /** The emulator's gRPC port inside the container. */
  static final int EMULATOR_GRPC_PORT = 8080;

  /**
   * Tells why this back end cannot run here, if it cannot.
   *
   * @return the reason, for the skipped tests; empty when it can run
   */
  Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * Starts the back end; call only when it is {@linkplain #unavailableReason() available}.
   *
   * @return where it listens and how to stop it
   */
  abstract Running start();

  /**
   * A started back end.
   *
   * @param connectionString the connection string for workers and clients
   * @param stop stops the back end
   */
  record Running(String connectionString, Runnable stop) implements AutoCloseable {
    Running {
      Objects.requireNonNull(connectionString, "connectionString");
      Objects.requireNonNull(stop, "stop");
    }

    @Override
    public void close() {
      stop.run();
    }
  }
}
