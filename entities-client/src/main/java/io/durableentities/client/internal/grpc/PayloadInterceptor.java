package io.durableentities.client.internal.grpc;

import com.google.protobuf.Message;
import io.durableentities.client.PayloadStoreException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Puts a client's {@link PayloadCodec} on its channel: large payloads of the requests it sends are
 * stored and sent as tokens (on the calling thread), and the tokens of the answers are read back
 * before the caller sees them (on the thread that delivers the answer). A failure to read a token
 * cancels the call (gRPC turns the exception thrown here into a CANCELLED status with it as the
 * cause), and {@link Retrier} rethrows the {@link PayloadStoreException} as it is.
 */
final class PayloadInterceptor implements ClientInterceptor {

  private final PayloadCodec codec;

  PayloadInterceptor(PayloadCodec codec) {
    this.codec = codec;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(RespT message) {
                super.onMessage(resolve(message));
              }
            },
            headers);
      }

      @Override
      public void sendMessage(ReqT message) {
        super.sendMessage(externalize(message));
      }
    };
  }

  @SuppressWarnings("unchecked")
  private <T> T externalize(T message) {
    return message instanceof Message m ? (T) codec.externalize(m) : message;
  }

  @SuppressWarnings("unchecked")
  private <T> T resolve(T message) {
    return message instanceof Message m ? (T) codec.resolve(m) : message;
  }
}
