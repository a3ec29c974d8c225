package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRetryPolicyTest {

  @Test
  void defaults_fiveAttemptsFrom100msTo5s() {
    ClientRetryPolicy policy = ClientRetryPolicy.defaults();

    assertThat(policy.maxAttempts()).isEqualTo(5);
    assertThat(policy.initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ClientRetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void toBuilder_keepsSettings() {
    ClientRetryPolicy policy =
        ClientRetryPolicy.newBuilder().maxAttempts(9).maxDelay(Duration.ofSeconds(9)).build();

    assertThat(policy.toBuilder().build().toString()).isEqualTo(policy.toString());
  }

  @Test
  void build_rejectsInvalidSettings() {
    assertThatThrownBy(() -> ClientRetryPolicy.newBuilder().maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                ClientRetryPolicy.newBuilder()
                    .initialDelay(Duration.ofSeconds(2))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be below initialDelay");
  }
}
