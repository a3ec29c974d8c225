package io.durableentities.testfixtures;

import io.durableentities.protocol.internal.SignalEntityRequest;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the fake sidecar received: every call's method and headers, and every client request message
 * (work item results are in {@link WorkItemResults}).
 */
public final class RecordedRequests {

  /**
   * One call's method name and headers.
   *
   * @param method the bare method name, such as {@code SignalEntity}
   * @param headers the call's headers
   */
  public record Call(String method, Metadata headers) {}

  /** The calls received, in order. */
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Every client request message, in order, failed attempts included. */
  public final List<Object> all = new CopyOnWriteArrayList<>();

  /** Every SignalEntity request, failed attempts included, to wait on. */
  public final BlockingQueue<SignalEntityRequest> signals = new LinkedBlockingQueue<>();

  RecordedRequests() {}

  /** Records the method and headers of every call before it runs. */
  ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        calls.add(new Call(call.getMethodDescriptor().getBareMethodName(), headers));
        return next.startCall(call, headers);
      }
    };
  }

  void add(Object request) {
    all.add(request);
    if (request instanceof SignalEntityRequest signal) {
      signals.add(signal);
    }
  }

  /**
   * Returns the client requests of a type.
   *
   * @param type the request type, such as {@code GetEntityRequest.class}
   * @param <T> the request type
   * @return the requests, in order
   */
  public <T> List<T> of(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /**
   * Returns the headers of the calls to a method.
   *
   * @param method the bare method name, such as {@code SignalEntity}
   * @return the headers, in call order
   */
  public List<Metadata> headersOf(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).map(Call::headers).toList();
  }
}
