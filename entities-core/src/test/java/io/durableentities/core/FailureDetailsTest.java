package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureDetailsTest {

  static final class InsufficientFundsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InsufficientFundsException(String message) {
      super(message);
    }
  }

  @Test
  void from_exception_capturesClassNameMessageAndStackTrace() {
    IllegalStateException exception =
        new IllegalStateException("broken", new ArithmeticException("root cause"));

    FailureDetails details = FailureDetails.from(exception);

    assertThat(details.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(details.errorMessage()).isEqualTo("broken");
    assertThat(details.stackTrace())
        .contains("FailureDetailsTest")
        .contains("Caused by: java.lang.ArithmeticException: root cause");
    assertThat(details.nonRetriable()).isFalse();
  }

  @Test
  void from_exceptionWithoutMessage_hasEmptyMessage() {
    FailureDetails details = FailureDetails.from(new UnsupportedOperationException());

    assertThat(details.errorMessage()).isEmpty();
    assertThat(details.summary()).isEqualTo("UnsupportedOperationException");
  }

  @Test
  void isCausedBy_sameClass_true_otherClass_false() {
    FailureDetails details = FailureDetails.from(new InsufficientFundsException("x"));

    assertThat(details.isCausedBy(InsufficientFundsException.class)).isTrue();
    assertThat(details.isCausedBy(RuntimeException.class)).isFalse();
  }

  @Test
  void entityOperationFailedException_message_namesOperationEntityAndCause() {
    FailureDetails details = FailureDetails.from(new InsufficientFundsException("balance 5 < 10"));

    EntityOperationFailedException exception =
        new EntityOperationFailedException(
            EntityInstanceId.of("account", "a1"), "withdraw", details);

    assertThat(exception)
        .hasMessage(
            "Operation 'withdraw' on entity @account@a1 failed: InsufficientFundsException:"
                + " balance 5 < 10");
    assertThat(exception.entityId()).isEqualTo(EntityInstanceId.of("account", "a1"));
    assertThat(exception.operationName()).isEqualTo("withdraw");
    assertThat(exception.failureDetails()).isSameAs(details);
    assertThat(exception).isInstanceOf(EntityException.class);
  }
}
