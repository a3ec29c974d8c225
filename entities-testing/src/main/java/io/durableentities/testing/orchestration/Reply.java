package io.durableentities.testing.orchestration;

import io.durableentities.core.FailureDetails;

/**
 * A test double's answer to one call: a result or a failure.
 *
 * @param resultJson the serialized result, or null
 * @param failure the failure, or null when the call succeeded
 */
record Reply(String resultJson, FailureDetails failure) {}
