/**
 * The scheduler's OpenTelemetry plumbing: the instance it runs with and the tracer and meter of
 * this library's instrumentation scope. Internal: no compatibility promise.
 */
package io.durableentities.scheduler.internal.telemetry;
