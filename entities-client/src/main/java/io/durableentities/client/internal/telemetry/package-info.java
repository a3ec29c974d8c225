/**
 * The OpenTelemetry plumbing of the worker and the client: the instance they were built with, the
 * tracer and meter of this library's instrumentation scope, and the conversion between an
 * OpenTelemetry context and the wire contract's W3C trace-context fields.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only so that other modules
 * of this project can use them; they may change or disappear in any release. Applications must not
 * use them.
 */
package io.durableentities.client.internal.telemetry;
