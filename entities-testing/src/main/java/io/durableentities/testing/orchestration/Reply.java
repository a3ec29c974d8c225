package io.durableentities.testing.orchestration;

import io.durableentities.core.FailureDetails;
import io.durableentities.core.SentSignal;
import java.util.List;

/**
 * A test double's answer to one call: a result or a failure, and the signals a real entity sent
 * while it ran the operation.
 *
 * @param resultJson the serialized result, or null
 * @param failure the failure, or null when the call succeeded
 * @param signals the signals the entity sent (none for a failed operation, which is rolled back)
 */
record Reply(String resultJson, FailureDetails failure, List<SentSignal> signals) {

  Reply {
    signals = List.copyOf(signals);
  }

  /** An answer that sent no signal. */
  Reply(String resultJson, FailureDetails failure) {
    this(resultJson, failure, List.of());
  }
}
