package io.durableentities.scheduler.internal.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * Builds the in-process server of {@link GrpcServers#startInProcess}: its own class, so that {@code
 * grpc-inprocess} (an optional dependency) is loaded only when a test environment asks for it.
 */
final class InProcessServers {

  private InProcessServers() {}

  static Server build(String name, int maxMessageBytes, ServerServiceDefinition service) {
    return InProcessServerBuilder.forName(name)
        // As on the network: handlers run on the calling thread, no hand-off per call.
        .directExecutor()
        .maxInboundMessageSize(maxMessageBytes)
        .addService(service)
        .build();
  }
}
