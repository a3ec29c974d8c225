/**
 * The gRPC side of the worker and the client: conversions between the sidecar protocol messages and
 * the entity runtime's records, channels and call credentials, the work-item stream, and the
 * extension points other Durable Entities modules plug into.
 *
 * <p><strong>No compatibility promise:</strong> these types are public only so that other modules
 * of this project can use them; they may change or disappear in any release. Applications must not
 * use them. This is the only package of {@code entities-client} that uses gRPC or protobuf types.
 */
package io.durableentities.client.internal.grpc;
