package io.durableentities.orchestration.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a timed-out client call says, from what the scheduler knows (no call is made here). */
class CallTimeoutDiagnosisTest {

  private static final EntityInstanceId ID = EntityInstanceId.of("wallet", "w1");

  private final ManagedChannel unused =
      ManagedChannelBuilder.forAddress("localhost", 1).usePlaintext().build();
  private final ClientContext context =
      new ClientContext(
          unused,
          ConnectionString.parse("Endpoint=http://localhost:8080;Authentication=None;TaskHub=shop"),
          JacksonDataConverter.defaultInstance(),
          Duration.ofSeconds(1),
          ClientRetryPolicy.defaults(),
          Telemetry.noop(),
          java.time.Clock.systemUTC());

  @AfterEach
  void close() {
    unused.shutdownNow();
  }

  @Test
  void pendingCall_namesTheTaskHub_andTheModuleWorkersNeed() {
    String text =
        CallTimeoutDiagnosis.explain(
            context, ID, "call-1", OrchestrationStatus.ORCHESTRATION_STATUS_PENDING, null);

    assertThat(text)
        .contains("orchestration 'call-1' (__durableentities.callEntity) is still PENDING")
        .contains("task hub 'shop' at http://localhost:8080")
        .contains("io.durableentities:orchestration-bridge");
  }

  @Test
  void runningCall_toALockedEntityWithABacklog_namesTheHolderAndTheBacklog() {
    GetEntityResponse entity =
        GetEntityResponse.newBuilder()
            .setExists(true)
            .setEntity(
                EntityMetadata.newBuilder()
                    .setInstanceId(ID.toString())
                    .setLockedBy(StringValue.of("transfer-7"))
                    .setBacklogQueueSize(3))
            .build();

    String text =
        CallTimeoutDiagnosis.explain(
            context, ID, "call-1", OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, entity);

    assertThat(text)
        .contains("The call was sent (its orchestration 'call-1' is RUNNING)")
        .contains("no worker connected to task hub 'shop' hosts entity name 'wallet'")
        .contains("locked by orchestration 'transfer-7'")
        .contains("3 operation(s) waiting");
  }

  @Test
  void unknownCall_saysTheOperationMayStillRun() {
    String text = CallTimeoutDiagnosis.explain(context, ID, "call-1", null, null);

    assertThat(text).contains("unknown to the scheduler").contains("may still run");
  }
}
