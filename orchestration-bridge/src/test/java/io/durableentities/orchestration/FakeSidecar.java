package io.durableentities.orchestration;

import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.AbandonActivityTaskRequest;
import io.durableentities.protocol.internal.AbandonActivityTaskResponse;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskResponse;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.RaiseEventResponse;
import io.durableentities.protocol.internal.ResumeRequest;
import io.durableentities.protocol.internal.ResumeResponse;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.SignalEntityResponse;
import io.durableentities.protocol.internal.SuspendRequest;
import io.durableentities.protocol.internal.SuspendResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.protocol.internal.TerminateResponse;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A hand-written sidecar on 127.0.0.1 (port 0) for the orchestration plug-ins (the idea of core's
 * test sidecar, with the orchestration RPCs): it records requests, answers with scripted responses
 * and pushes work items on the GetWorkItems stream.
 */
final class FakeSidecar extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase
    implements AutoCloseable {

  /** The GetWorkItems requests, one per opened stream. */
  final BlockingQueue<GetWorkItemsRequest> streamsOpened = new LinkedBlockingQueue<>();

  /** The accepted CompleteOrchestratorTask responses. */
  final BlockingQueue<OrchestratorResponse> orchestrationCompletions = new LinkedBlockingQueue<>();

  /** The accepted CompleteActivityTask responses. */
  final BlockingQueue<ActivityResponse> activityCompletions = new LinkedBlockingQueue<>();

  /** Statuses to reject the next CompleteOrchestratorTask calls with, in order. */
  final Queue<Status> completeFailures = new ConcurrentLinkedQueue<>();

  /** Completion tokens of abandoned orchestration work items. */
  final BlockingQueue<String> abandonedOrchestrations = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned activity work items. */
  final BlockingQueue<String> abandonedActivities = new LinkedBlockingQueue<>();

  /** Every client request, in order. */
  final List<Object> requests = new CopyOnWriteArrayList<>();

  /** The SignalEntity requests. */
  final BlockingQueue<SignalEntityRequest> signals = new LinkedBlockingQueue<>();

  /** Answers GetInstance, WaitForInstanceStart and WaitForInstanceCompletion; null: never. */
  volatile Function<GetInstanceRequest, GetInstanceResponse> instances =
      request -> GetInstanceResponse.newBuilder().setExists(false).build();

  /** Answers QueryInstances. */
  volatile Function<QueryInstancesRequest, QueryInstancesResponse> query =
      request -> QueryInstancesResponse.getDefaultInstance();

  /** Answers PurgeInstances. */
  volatile Function<PurgeInstancesRequest, PurgeInstancesResponse> purge =
      request -> PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(1).build();

  private volatile ServerCallStreamObserver<WorkItem> stream;
  private final Server server;

  private FakeSidecar() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(this)
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FakeSidecar start() {
    return new FakeSidecar();
  }

  String connectionString() {
    return "Endpoint=http://127.0.0.1:"
        + server.getPort()
        + ";Authentication=None;TaskHub=test-hub";
  }

  /** Pushes a work item on the open stream. */
  void push(WorkItem item) {
    ServerCallStreamObserver<WorkItem> open = stream;
    if (open == null) {
      throw new IllegalStateException("No GetWorkItems stream is open");
    }
    synchronized (open) {
      open.onNext(item);
    }
  }

  GetWorkItemsRequest awaitStream() {
    return poll(streamsOpened, "a GetWorkItems stream");
  }

  /** Returns the client requests of a type, in order. */
  <T> List<T> requests(Class<T> type) {
    return requests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T> T poll(BlockingQueue<T> queue, String what) {
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

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> void answer(Object request, StreamObserver<T> observer, T response) {
    requests.add(request);
    observer.onNext(response);
    observer.onCompleted();
  }

  @Override
  public void hello(Empty request, StreamObserver<Empty> observer) {
    observer.onNext(Empty.getDefaultInstance());
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
  public void completeOrchestratorTask(
      OrchestratorResponse request, StreamObserver<CompleteTaskResponse> observer) {
    Status failure = completeFailures.poll();
    if (failure != null) {
      observer.onError(failure.asException());
      return;
    }
    orchestrationCompletions.add(request);
    observer.onNext(CompleteTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void completeActivityTask(
      ActivityResponse request, StreamObserver<CompleteTaskResponse> observer) {
    activityCompletions.add(request);
    observer.onNext(CompleteTaskResponse.getDefaultInstance());
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

  @Override
  public void startInstance(
      CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> observer) {
    answer(
        request,
        observer,
        CreateInstanceResponse.newBuilder().setInstanceId(request.getInstanceId()).build());
  }

  @Override
  public void getInstance(
      GetInstanceRequest request, StreamObserver<GetInstanceResponse> observer) {
    answer(request, observer, instances.apply(request));
  }

  @Override
  public void waitForInstanceStart(
      GetInstanceRequest request, StreamObserver<GetInstanceResponse> observer) {
    waitFor(request, observer);
  }

  @Override
  public void waitForInstanceCompletion(
      GetInstanceRequest request, StreamObserver<GetInstanceResponse> observer) {
    waitFor(request, observer);
  }

  private void waitFor(GetInstanceRequest request, StreamObserver<GetInstanceResponse> observer) {
    requests.add(request);
    GetInstanceResponse response = instances.apply(request);
    if (response != null) { // null: never answer, the client's deadline ends the call
      observer.onNext(response);
      observer.onCompleted();
    }
  }

  @Override
  public void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> observer) {
    answer(request, observer, RaiseEventResponse.getDefaultInstance());
  }

  @Override
  public void terminateInstance(
      TerminateRequest request, StreamObserver<TerminateResponse> observer) {
    answer(request, observer, TerminateResponse.getDefaultInstance());
  }

  @Override
  public void suspendInstance(SuspendRequest request, StreamObserver<SuspendResponse> observer) {
    answer(request, observer, SuspendResponse.getDefaultInstance());
  }

  @Override
  public void resumeInstance(ResumeRequest request, StreamObserver<ResumeResponse> observer) {
    answer(request, observer, ResumeResponse.getDefaultInstance());
  }

  @Override
  public void queryInstances(
      QueryInstancesRequest request, StreamObserver<QueryInstancesResponse> observer) {
    answer(request, observer, query.apply(request));
  }

  @Override
  public void purgeInstances(
      PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> observer) {
    answer(request, observer, purge.apply(request));
  }

  @Override
  public void signalEntity(
      SignalEntityRequest request, StreamObserver<SignalEntityResponse> observer) {
    signals.add(request);
    answer(request, observer, SignalEntityResponse.getDefaultInstance());
  }
}
