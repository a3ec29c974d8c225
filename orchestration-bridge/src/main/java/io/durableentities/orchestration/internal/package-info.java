/**
 * Internals of the orchestration runtime: the replay executor ({@code OrchestratorRequest} in,
 * {@code OrchestratorResponse} out), the activity executor, tasks and wire conversions.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only so that other modules
 * of this project (the worker) can use them; they may change or disappear in any release.
 * Applications must not use them.
 */
package io.durableentities.orchestration.internal;
