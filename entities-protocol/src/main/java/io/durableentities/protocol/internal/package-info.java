/**
 * Internal: the Durable Task sidecar wire types and gRPC stubs, generated at build time from this
 * module's {@code orchestrator_service.proto}, and {@link
 * io.durableentities.protocol.internal.TraceParents}, which reads and writes the contract's W3C
 * trace-context fields.
 *
 * <p>Nothing in this package is API. The generated classes follow the sidecar contract, not our
 * compatibility rules: they may change shape, or disappear, in any release without notice. No type
 * from this package may appear in a public signature (parameter, return type, exception, supertype
 * or annotation) of any other module; translate to and from the project's own types at the edge.
 */
package io.durableentities.protocol.internal;
