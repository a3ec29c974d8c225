package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.InvalidProtocolBufferException;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the orchestrations entities requested under schema version 1 (if any), once on start. */
public final class LegacyStarts {

  private static final Logger log = LoggerFactory.getLogger(LegacyStarts.class);

  private final Store store;
  private final Orchestrations orchestrations;
  private final EntityWrites writes;

  public LegacyStarts(Store store, Orchestrations orchestrations, EntityWrites writes) {
    this.store = store;
    this.orchestrations = orchestrations;
    this.writes = writes;
  }

  /** Creates the stored starts (writer thread). */
  public void run(EngineState s, long now) throws SQLException {
    for (var start : store.orchestrations().takeLegacyStarts()) {
      StartNewOrchestrationAction o;
      try {
        o = StartNewOrchestrationAction.parseFrom(start.action());
      } catch (InvalidProtocolBufferException e) {
        log.warn("Skipped a corrupt stored orchestration start: {}", e.getMessage());
        continue;
      }
      HubState h = writes.hub(s, start.hub(), now);
      OrchestrationRuntime existing = h.instance(o.getInstanceId());
      if (existing != null && existing.isActive()) {
        continue;
      }
      orchestrations.create(
          s,
          h,
          new Orchestrations.StartSpec(
              o.getInstanceId(),
              o.getName(),
              o.hasVersion() ? o.getVersion().getValue() : null,
              o.hasInput() ? o.getInput().getValue() : null,
              start.startAt(),
              null,
              null),
          now);
      log.info(
          "Started orchestration {} requested by an entity before the upgrade", o.getInstanceId());
    }
  }
}
