package io.durableentities.scheduler.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which RPCs run on the transport thread. */
class NonBlockingRpcsTest {

  @Test
  void nonBlockingRpcs_areServedRpcsOfTheService() {
    Set<String> methods =
        TaskHubSidecarServiceGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getBareMethodName)
            .collect(Collectors.toSet());

    assertThat(methods).containsAll(SidecarService.NON_BLOCKING);
    assertThat(SidecarService.SERVED).containsAll(SidecarService.NON_BLOCKING);
  }

  @Test
  void readsThatTakeTheEngineLock_andLongPolls_stayOnTheExecutor() {
    assertThat(SidecarService.NON_BLOCKING)
        .doesNotContainAnyElementsOf(
            Set.of(
                "GetEntity",
                "QueryEntities",
                "GetInstance",
                "QueryInstances",
                "ListInstanceIds",
                "WaitForInstanceStart",
                "WaitForInstanceCompletion"));
  }
}
