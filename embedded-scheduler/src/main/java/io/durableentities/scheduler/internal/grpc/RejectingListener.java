package io.durableentities.scheduler.internal.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A listener that checks each request message before the handler sees it: a request {@link #check}
 * refuses closes the call with the status it returns, and the handler hears nothing more of that
 * call but its cancellation or completion (so a unary handler is never invoked). gRPC calls a
 * listener's methods one at a time, so the flag needs no lock.
 */
abstract class RejectingListener<Q>
    extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

  private final ServerCall<Q, ?> call;
  private boolean rejected;

  RejectingListener(ServerCall<Q, ?> call, ServerCall.Listener<Q> delegate) {
    super(delegate);
    this.call = call;
  }

  /** Returns the status that refuses {@code request}, or null to pass it on. */
  abstract Status check(Q request);

  @Override
  public void onMessage(Q message) {
    if (rejected) {
      return;
    }
    Status refusal = check(message);
    if (refusal != null) {
      reject(refusal);
      return;
    }
    super.onMessage(message);
  }

  /** Closes the call with {@code status}; later messages and the half-close are dropped. */
  void reject(Status status) {
    rejected = true;
    call.close(status, new Metadata());
  }

  /** Whether the call was refused. */
  boolean rejected() {
    return rejected;
  }

  @Override
  public void onHalfClose() {
    if (!rejected) {
      super.onHalfClose();
    }
  }

  @Override
  public void onReady() {
    if (!rejected) {
      super.onReady();
    }
  }
}
