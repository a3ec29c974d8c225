package io.durableentities.client;

import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.AbandonActivityTaskRequest;
import io.durableentities.protocol.internal.AbandonActivityTaskResponse;
import io.durableentities.protocol.internal.AbandonEntityTaskRequest;
import io.durableentities.protocol.internal.AbandonEntityTaskResponse;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskResponse;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.SignalEntityResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A hand-written sidecar on 127.0.0.1 (port 0) that records requests and headers, answers with
 * scripted responses and failures, and pushes work items on the GetWorkItems stream.
 */
public final class FakeSidecar extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase
    implements AutoCloseable {

  /** One call's method name and headers. */
  public record Call(String method, Metadata headers) {}

  /** The calls received, with their headers. */
  public final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Statuses to fail the next SignalEntity calls with, in order. */
  public final Queue<Status> signalFailures = new ConcurrentLinkedQueue<>();

  /** Every SignalEntity request, failed attempts included. */
  public final BlockingQueue<SignalEntityRequest> signals = new LinkedBlockingQueue<>();

  /** Answers GetEntity. */
  public volatile Function<GetEntityRequest, GetEntityResponse> getEntity =
      request -> GetEntityResponse.newBuilder().setExists(false).build();

  /** The GetEntity requests. */
  public final List<GetEntityRequest> getRequests = new CopyOnWriteArrayList<>();

  /** Answers QueryEntities. */
  public volatile Function<QueryEntitiesRequest, QueryEntitiesResponse> queryEntities =
      request -> QueryEntitiesResponse.getDefaultInstance();

  /** The QueryEntities requests. */
  public final List<QueryEntitiesRequest> queryRequests = new CopyOnWriteArrayList<>();

  /** Answers CleanEntityStorage. */
  public volatile Function<CleanEntityStorageRequest, CleanEntityStorageResponse> clean =
      request -> CleanEntityStorageResponse.getDefaultInstance();

  /** The CleanEntityStorage requests. */
  public final List<CleanEntityStorageRequest> cleanRequests = new CopyOnWriteArrayList<>();

  /** How many Hello calls still fail with UNAVAILABLE. */
  public final AtomicInteger helloFailures = new AtomicInteger();

  /** The GetWorkItems requests, one per opened stream. */
  public final BlockingQueue<GetWorkItemsRequest> streamsOpened = new LinkedBlockingQueue<>();

  /** Statuses to reject the next CompleteEntityTask calls with, in order. */
  public final Queue<Status> completeFailures = new ConcurrentLinkedQueue<>();

  /**
   * While set, CompleteEntityTask results are recorded in {@link #completions} but answered only by
   * {@link #answerHeldCompletions()}.
   */
  public volatile boolean holdCompletions;

  private final Queue<Runnable> heldAnswers = new ConcurrentLinkedQueue<>();

  /** The accepted CompleteEntityTask results. */
  public final BlockingQueue<EntityBatchResult> completions = new LinkedBlockingQueue<>();

  /** The accepted CompleteActivityTask responses. */
  public final BlockingQueue<ActivityResponse> activityCompletions = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned entity work items. */
  public final BlockingQueue<String> abandonedEntities = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned orchestration work items. */
  public final BlockingQueue<String> abandonedOrchestrations = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned activity work items. */
  public final BlockingQueue<String> abandonedActivities = new LinkedBlockingQueue<>();

  private volatile ServerCallStreamObserver<WorkItem> stream;
  private final Server server;

  private FakeSidecar() {
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
              ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
            calls.add(new Call(call.getMethodDescriptor().getBareMethodName(), headers));
            return next.startCall(call, headers);
          }
        };
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(ServerInterceptors.intercept(this, recorder))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a fake sidecar.
   *
   * @return the running sidecar
   */
  public static FakeSidecar start() {
    return new FakeSidecar();
  }

  /**
   * Returns the port.
   *
   * @return the port
   */
  public int port() {
    return server.getPort();
  }

  /**
   * Returns a connection string with {@code Authentication=None} and a task hub.
   *
   * @return the connection string
   */
  public String connectionString() {
    return "Endpoint=http://127.0.0.1:" + port() + ";Authentication=None;TaskHub=test-hub";
  }

  /**
   * Pushes a work item on the open stream.
   *
   * @param item the work item
   */
  public void push(WorkItem item) {
    ServerCallStreamObserver<WorkItem> open = stream;
    if (open == null) {
      throw new IllegalStateException("No GetWorkItems stream is open");
    }
    synchronized (open) {
      open.onNext(item);
    }
  }

  /**
   * Fails the open stream.
   *
   * @param status the status
   */
  public void failStream(Status status) {
    ServerCallStreamObserver<WorkItem> open = stream;
    stream = null;
    if (open != null) {
      synchronized (open) {
        open.onError(status.asRuntimeException());
      }
    }
  }

  /** Ends the open stream normally, as a scheduler that shuts down does. */
  public void endStream() {
    ServerCallStreamObserver<WorkItem> open = stream;
    stream = null;
    if (open != null) {
      synchronized (open) {
        open.onCompleted();
      }
    }
  }

  /**
   * Waits for the next GetWorkItems stream.
   *
   * @return its request
   */
  public GetWorkItemsRequest awaitStream() {
    return poll(streamsOpened, "a GetWorkItems stream");
  }

  /**
   * Takes the next element of a queue, failing after 20 seconds.
   *
   * @param queue the queue
   * @param what what is awaited, for the failure message
   * @param <T> the element type
   * @return the element
   */
  public static <T> T poll(BlockingQueue<T> queue, String what) {
    try {
      T value = queue.poll(20, TimeUnit.SECONDS);
      if (value == null) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Tells whether nothing arrives on a queue for a short while.
   *
   * @param queue the queue
   * @param wait how long to watch
   * @return whether it stayed empty
   */
  public static boolean staysEmpty(BlockingQueue<?> queue, Duration wait) {
    try {
      return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void hello(Empty request, StreamObserver<Empty> responseObserver) {
    if (helloFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      responseObserver.onError(Status.UNAVAILABLE.withDescription("warming up").asException());
      return;
    }
    responseObserver.onNext(Empty.getDefaultInstance());
    responseObserver.onCompleted();
  }

  @Override
  public void signalEntity(
      SignalEntityRequest request, StreamObserver<SignalEntityResponse> responseObserver) {
    signals.add(request);
    Status failure = signalFailures.poll();
    if (failure != null) {
      responseObserver.onError(failure.asException());
      return;
    }
    responseObserver.onNext(SignalEntityResponse.getDefaultInstance());
    responseObserver.onCompleted();
  }

  @Override
  public void getEntity(GetEntityRequest request, StreamObserver<GetEntityResponse> observer) {
    getRequests.add(request);
    observer.onNext(getEntity.apply(request));
    observer.onCompleted();
  }

  @Override
  public void queryEntities(
      QueryEntitiesRequest request, StreamObserver<QueryEntitiesResponse> observer) {
    queryRequests.add(request);
    observer.onNext(queryEntities.apply(request));
    observer.onCompleted();
  }

  @Override
  public void cleanEntityStorage(
      CleanEntityStorageRequest request, StreamObserver<CleanEntityStorageResponse> observer) {
    cleanRequests.add(request);
    observer.onNext(clean.apply(request));
    observer.onCompleted();
  }

  @Override
  public void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> observer) {
    ServerCallStreamObserver<WorkItem> serverStream = (ServerCallStreamObserver<WorkItem>) observer;
    serverStream.setOnCancelHandler(
        () -> {
          if (stream == serverStream) {
            stream = null;
          }
        });
    stream = serverStream;
    streamsOpened.add(request);
  }

  @Override
  public void completeEntityTask(
      EntityBatchResult request, StreamObserver<CompleteTaskResponse> observer) {
    Status failure = completeFailures.poll();
    if (failure != null) {
      observer.onError(failure.asException());
      return;
    }
    Runnable answer =
        () -> {
          observer.onNext(CompleteTaskResponse.getDefaultInstance());
          observer.onCompleted();
        };
    if (holdCompletions) {
      heldAnswers.add(answer);
      completions.add(request);
    } else {
      completions.add(request);
      answer.run();
    }
  }

  /** Answers the CompleteEntityTask calls held so far and stops holding new ones. */
  public void answerHeldCompletions() {
    holdCompletions = false;
    for (Runnable answer; (answer = heldAnswers.poll()) != null; ) {
      answer.run();
    }
  }

  @Override
  public void completeActivityTask(
      ActivityResponse request, StreamObserver<CompleteTaskResponse> observer) {
    activityCompletions.add(request);
    observer.onNext(CompleteTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void abandonTaskEntityWorkItem(
      AbandonEntityTaskRequest request, StreamObserver<AbandonEntityTaskResponse> observer) {
    abandonedEntities.add(request.getCompletionToken());
    observer.onNext(AbandonEntityTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void abandonTaskOrchestratorWorkItem(
      AbandonOrchestrationTaskRequest request,
      StreamObserver<AbandonOrchestrationTaskResponse> observer) {
    abandonedOrchestrations.add(request.getCompletionToken());
    observer.onNext(AbandonOrchestrationTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void abandonTaskActivityWorkItem(
      AbandonActivityTaskRequest request, StreamObserver<AbandonActivityTaskResponse> observer) {
    abandonedActivities.add(request.getCompletionToken());
    observer.onNext(AbandonActivityTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }
}
