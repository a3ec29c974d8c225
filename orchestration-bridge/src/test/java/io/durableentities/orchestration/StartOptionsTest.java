package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.StartOrchestrationOptions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The options that start an orchestration, from an entity ({@link StartOrchestrationOptions}), a
 * client ({@link ScheduleOptions}) or an orchestration ({@link TaskOptions}'s version), follow the
 * same rules and say the same things.
 */
class StartOptionsTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void builders_keepWhatTheyWereGiven_andDefaultToNothing() {
    StartOrchestrationOptions entity =
        StartOrchestrationOptions.newBuilder().instanceId("i-1").startAt(AT).version("2.0").build();
    ScheduleOptions client =
        ScheduleOptions.newBuilder().instanceId("i-1").startAt(AT).version("2.0").build();

    assertThat(entity.instanceId()).isEqualTo("i-1");
    assertThat(entity.startAt()).isEqualTo(AT);
    assertThat(entity.version()).isEqualTo("2.0");
    assertThat(client.instanceId()).contains("i-1");
    assertThat(client.startAt()).contains(AT);
    assertThat(client.version()).contains("2.0");
    assertThat(client.toBuilder().version(null).build().version()).isEmpty();
    assertThat(client.toBuilder().build().instanceId()).contains("i-1");
    assertThat(StartOrchestrationOptions.defaults().instanceId()).isNull();
    assertThat(ScheduleOptions.defaults().startAt()).isEmpty();
  }

  @Test
  void toString_namesTheOptionsTypeAndEverySetting() {
    assertThat(StartOrchestrationOptions.newBuilder().instanceId("i-1").build())
        .hasToString("StartOrchestrationOptions[instanceId=i-1, startAt=null, version=null]");
    assertThat(ScheduleOptions.newBuilder().startAt(AT).version("2.0").build())
        .hasToString("ScheduleOptions[instanceId=null, startAt=2026-06-01T12:00:00Z, version=2.0]");
  }

  @Test
  void blankVersions_areRejected_sayingWhatNullStandsFor() {
    assertThatThrownBy(() -> StartOrchestrationOptions.newBuilder().version(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The version must not be blank; pass null for the worker's default version");
    assertThatThrownBy(() -> TaskOptions.newBuilder().version(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The version must not be blank; pass null for the worker's default version");
    assertThatThrownBy(() -> ScheduleOptions.newBuilder().version(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The version must not be blank; pass null for the client's default version");
  }

  @Test
  void aClientsBlankInstanceId_isRejected_whileAnEntitysIsCheckedWhenItStarts() {
    assertThatThrownBy(() -> ScheduleOptions.newBuilder().instanceId(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The instance id must not be blank; pass null for a new random one");
    assertThat(StartOrchestrationOptions.newBuilder().instanceId(" ").build().instanceId())
        .as("EntityContext.startOrchestration fails the operation, naming entity and operation")
        .isEqualTo(" ");
  }
}
