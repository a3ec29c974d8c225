package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request body that is not a valid message of its RPC (garbage, invalid UTF-8 in a string field)
 * is answered INVALID_ARGUMENT, and gRPC logs no stack trace for it.
 */
class MalformedRequestsTest {

  /** Field 1 (a string in every request below) holding the bytes C3 28: invalid UTF-8. */
  private static final byte[] INVALID_UTF8 = {0x0A, 0x02, (byte) 0xC3, 0x28};

  /** Not a protobuf message at all. */
  private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00, 0x13};

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final SchedulerHarness h = new SchedulerHarness();
  private final Logger grpcLogger = Logger.getLogger("io.grpc");
  private final List<LogRecord> severe = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            severe.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureGrpcWarnings() {
    grpcLogger.addHandler(capture);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    grpcLogger.removeHandler(capture);
    h.close();
  }

  private static MethodDescriptor<byte[], byte[]> raw(
      MethodDescriptor<?, ?> method, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setFullMethodName(method.getFullMethodName())
        .setType(type)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  private byte[] unary(MethodDescriptor<?, ?> method, byte[] body) {
    return ClientCalls.blockingUnaryCall(
        h.channel, raw(method, MethodDescriptor.MethodType.UNARY), CallOptions.DEFAULT, body);
  }

  private static void assertInvalidArgument(Runnable call, String rpc) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith(rpc + ": the request is not a valid protobuf message");
            });
  }

  @Test
  void invalidUtf8InAStringField_isInvalidArgument() {
    for (int i = 0; i < 20; i++) {
      assertInvalidArgument(
          () -> unary(TaskHubSidecarServiceGrpc.getStartInstanceMethod(), INVALID_UTF8),
          "StartInstance");
      assertInvalidArgument(
          () -> unary(TaskHubSidecarServiceGrpc.getRaiseEventMethod(), INVALID_UTF8), "RaiseEvent");
      assertInvalidArgument(
          () -> unary(TaskHubSidecarServiceGrpc.getSignalEntityMethod(), INVALID_UTF8),
          "SignalEntity");
    }

    assertThat(severe).isEmpty();
  }

  @Test
  void aGarbageBody_isInvalidArgument_onUnaryAndStreamingRpcs() {
    assertInvalidArgument(
        () -> unary(TaskHubSidecarServiceGrpc.getGetInstanceMethod(), GARBAGE), "GetInstance");
    assertInvalidArgument(
        () ->
            ClientCalls.blockingServerStreamingCall(
                    h.channel,
                    raw(
                        TaskHubSidecarServiceGrpc.getGetWorkItemsMethod(),
                        MethodDescriptor.MethodType.SERVER_STREAMING),
                    CallOptions.DEFAULT,
                    GARBAGE)
                .hasNext(),
        "GetWorkItems");

    assertThat(severe).isEmpty();
  }

  @Test
  void aValidRequest_afterMalformedOnes_isServed() {
    assertInvalidArgument(
        () -> unary(TaskHubSidecarServiceGrpc.getStartInstanceMethod(), GARBAGE), "StartInstance");

    h.client.startInstance(Orch.start("after-garbage", "Orch", null).build());

    assertThat(Orch.state(h.client, "after-garbage").getName()).isEqualTo("Orch");
  }
}
