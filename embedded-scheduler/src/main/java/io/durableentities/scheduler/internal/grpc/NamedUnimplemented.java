package io.durableentities.scheduler.internal.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.util.Set;

/**
 * Replaces the handlers of the RPCs this scheduler does not serve with ones that answer
 * UNIMPLEMENTED naming the RPC, e.g. "CreateTaskHub is not served by this scheduler version".
 */
final class NamedUnimplemented {

  private NamedUnimplemented() {}

  static ServerServiceDefinition wrap(ServerServiceDefinition definition, Set<String> served) {
    ServerServiceDefinition.Builder b =
        ServerServiceDefinition.builder(definition.getServiceDescriptor());
    for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
      add(b, m, served);
    }
    return b.build();
  }

  private static <Q, R> void add(
      ServerServiceDefinition.Builder b, ServerMethodDefinition<Q, R> m, Set<String> served) {
    b.addMethod(
        served.contains(m.getMethodDescriptor().getBareMethodName())
            ? m
            : unimplemented(m.getMethodDescriptor()));
  }

  private static <Q, R> ServerMethodDefinition<Q, R> unimplemented(MethodDescriptor<Q, R> method) {
    Status status =
        Status.UNIMPLEMENTED.withDescription(
            method.getBareMethodName() + " is not served by this scheduler version");
    ServerCallHandler<Q, R> handler =
        (ServerCall<Q, R> call, Metadata headers) -> {
          call.close(status, new Metadata());
          return new ServerCall.Listener<>() {};
        };
    return ServerMethodDefinition.create(method, handler);
  }
}
