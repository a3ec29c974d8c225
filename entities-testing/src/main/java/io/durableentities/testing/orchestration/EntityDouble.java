package io.durableentities.testing.orchestration;

import java.time.Duration;
import java.time.Instant;

/** What answers the operations of one entity in a run: a typed double or a real entity. */
interface EntityDouble {

  /**
   * Runs one operation.
   *
   * @param operation the operation name
   * @param inputJson the serialized input, or null
   * @param now the virtual time
   * @return the result or the failure
   * @throws IllegalStateException if the double cannot run the operation at all (a setup mistake)
   */
  Reply run(String operation, String inputJson, Instant now);

  /**
   * Returns how long, in virtual time, an answer takes to reach the orchestration.
   *
   * @return the latency, zero for at once
   */
  Duration latency();
}
