package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.FailureDetails;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delayAfter_growsByBackoffAndIsCapped() {
    RetryPolicy policy =
        RetryPolicy.newBuilder()
            .maxAttempts(10)
            .firstInterval(Duration.ofSeconds(1))
            .backoffCoefficient(2.0)
            .maxInterval(Duration.ofSeconds(5))
            .build();

    assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.delayAfter(60)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void handles_defaultsToEveryFailure_andUsesPredicate() {
    RetryPolicy all =
        RetryPolicy.newBuilder().maxAttempts(2).firstInterval(Duration.ofSeconds(1)).build();
    RetryPolicy some =
        all.toBuilder()
            .handle(failure -> failure.errorType().equals("java.io.IOException"))
            .build();
    FailureDetails io = new FailureDetails("java.io.IOException", "down", null, false);
    FailureDetails bad =
        new FailureDetails("java.lang.IllegalArgumentException", "bad", null, false);

    assertThat(all.handles(bad)).isTrue();
    assertThat(some.handles(io)).isTrue();
    assertThat(some.handles(bad)).isFalse();
  }

  @Test
  void build_missingOrInvalidSettings_areRejectedNamingTheSetting() {
    assertThatThrownBy(() -> RetryPolicy.newBuilder().firstInterval(Duration.ofSeconds(1)).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.newBuilder().maxAttempts(2).build())
        .hasMessageContaining("firstInterval is required");
    assertThatThrownBy(
            () ->
                RetryPolicy.newBuilder()
                    .maxAttempts(2)
                    .firstInterval(Duration.ofSeconds(1))
                    .backoffCoefficient(0.5)
                    .build())
        .hasMessageContaining("backoffCoefficient");
    assertThatThrownBy(
            () ->
                RetryPolicy.newBuilder()
                    .maxAttempts(2)
                    .firstInterval(Duration.ofSeconds(10))
                    .maxInterval(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("maxInterval");
  }

  @Test
  void taskOptions_withRetryPolicy_keepsPolicy() {
    RetryPolicy policy =
        RetryPolicy.newBuilder().maxAttempts(2).firstInterval(Duration.ofSeconds(1)).build();

    assertThat(TaskOptions.withRetryPolicy(policy).retryPolicy()).isSameAs(policy);
    assertThat(TaskOptions.defaults().retryPolicy()).isNull();
  }
}
