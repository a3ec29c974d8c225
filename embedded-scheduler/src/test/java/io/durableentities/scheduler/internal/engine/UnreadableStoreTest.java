package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.GetEntityRequest;
import io.grpc.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the store cannot be read after a failed write, the scheduler says so and keeps retrying at
 * growing intervals, answering every request UNAVAILABLE in the meantime instead of serving an
 * empty memory; once a load succeeds it serves again, with nothing acknowledged lost.
 *
 * <p>The store is made unreadable through the engine's connection-setup seam (the reopened
 * connection fails to open); the maintenance and the clock are driven by the test.
 */
class UnreadableStoreTest {

  @TempDir Path dataDir;

  /** A clock that moves only when told to. */
  private static final class TestClock extends Clock {
    final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void requestsAreAnsweredUnavailable_untilTheStoreCanBeLoadedAgain() throws Exception {
    TestClock clock = new TestClock();
    MaintenanceSchedule.Maintenance[] maintenance = new MaintenanceSchedule.Maintenance[1];
    AtomicBoolean unreadable = new AtomicBoolean();
    EngineSeams seams =
        EngineSeams.defaults()
            .withClock(clock)
            .withMaintenance(
                m -> {
                  maintenance[0] = m;
                  return () -> {};
                })
            .withConnectionSetup(
                (Connection c) -> {
                  if (unreadable.get()) {
                    throw new SQLException("injected: the database cannot be opened");
                  }
                });
    try (EngineDriver d = new EngineDriver(dataDir, seams)) {
      EngineFacade f = d.facade();
      f.signal(HUB, signal("@kept@1", "add", guid())).get();
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON messages WHEN NEW.instance_id = '@poison@x'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      unreadable.set(true);

      CompletableFuture<Void> failing = f.signal(HUB, signal("@poison@x", "add", guid()));
      assertThat(EngineDriver.outcome(failing)).isEqualTo(Status.Code.INTERNAL);

      assertUnavailable(() -> get(f, "@kept@1"));
      assertUnavailable(() -> f.signal(HUB, signal("@new@1", "add", guid())).join());
      assertUnavailable(f::hubs);
      assertUnavailable(() -> f.entity(HUB, "@kept@1"));
    }
  }

  @Test
  void theLoadIsRetried_atGrowingIntervals_andServingResumes() throws Exception {
    TestClock clock = new TestClock();
    MaintenanceSchedule.Maintenance[] maintenance = new MaintenanceSchedule.Maintenance[1];
    AtomicBoolean unreadable = new AtomicBoolean();
    EngineSeams seams =
        EngineSeams.defaults()
            .withClock(clock)
            .withMaintenance(
                m -> {
                  maintenance[0] = m;
                  return () -> {};
                })
            .withConnectionSetup(
                (Connection c) -> {
                  if (unreadable.get()) {
                    throw new SQLException("injected: the database cannot be opened");
                  }
                });
    try (EngineDriver d = new EngineDriver(dataDir, seams)) {
      EngineFacade f = d.facade();
      f.signal(HUB, signal("@kept@1", "add", guid())).get();
      d.execute(
          "CREATE TRIGGER fail BEFORE INSERT ON messages WHEN NEW.instance_id = '@poison@x'"
              + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      unreadable.set(true);
      EngineDriver.outcome(f.signal(HUB, signal("@poison@x", "add", guid())));
      d.execute("DROP TRIGGER fail");

      // First try again after 1 s (still unreadable), then after 2 s more (readable again).
      maintenance[0].run().get();
      clock.millis.addAndGet(999);
      maintenance[0].run().get();
      assertUnavailable(() -> get(f, "@kept@1"));
      clock.millis.addAndGet(1);
      maintenance[0].run().get();
      assertUnavailable(() -> get(f, "@kept@1"));
      unreadable.set(false);
      clock.millis.addAndGet(Duration.ofMillis(1999).toMillis());
      maintenance[0].run().get();
      assertUnavailable(() -> get(f, "@kept@1"));

      clock.millis.addAndGet(1);
      maintenance[0].run().get();

      assertThat(get(f, "@kept@1").getEntity().hasSerializedState()).isFalse();
      assertThat(f.entity(HUB, "@kept@1").queueSize())
          .as("the acknowledged signal is still queued")
          .isEqualTo(1);
      f.signal(HUB, signal("@new@1", "add", guid())).get();
      assertThat(f.entity(HUB, "@new@1").queueSize()).isEqualTo(1);
    }
  }

  private static io.durableentities.protocol.internal.GetEntityResponse get(
      EngineFacade f, String id) {
    return f.getEntity(HUB, GetEntityRequest.newBuilder().setInstanceId(id).build());
  }

  private static void assertUnavailable(Runnable call) {
    assertThatThrownBy(call::run)
        .satisfies(
            e -> {
              Throwable t =
                  e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
              assertThat(Status.fromThrowable(t).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(t).hasMessageContaining("has not loaded its state");
            });
  }
}
