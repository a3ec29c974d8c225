package io.durableentities.client.internal.grpc;

import io.grpc.ManagedChannelBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;

/**
 * Channels to a scheduler served in this JVM through gRPC's in-process transport (a connection
 * string's {@code InProcess} key): calls are method calls and messages pass as objects, without
 * sockets, HTTP/2 framing or serialization. Its own class, so that {@code grpc-inprocess} (an
 * optional dependency) is loaded only when a connection string asks for it.
 */
final class InProcessChannels {

  private InProcessChannels() {}

  /**
   * A channel builder to the in-process server {@code name}.
   *
   * @throws IllegalStateException when {@code io.grpc:grpc-inprocess} is not on the class path
   */
  static ManagedChannelBuilder<?> builder(String name) {
    try {
      return InProcessChannelBuilder.forName(name);
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(
          "The connection string names the in-process scheduler '"
              + name
              + "' (InProcess key), but io.grpc:grpc-inprocess is not on the class path: add it"
              + " (io.durableentities:entities-testing brings it), or connect over the network by"
              + " leaving the InProcess key out",
          e);
    }
  }
}
