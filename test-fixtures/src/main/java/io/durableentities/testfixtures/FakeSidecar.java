package io.durableentities.testfixtures;

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
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
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
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A fake Durable Task sidecar in the test's process, on 127.0.0.1 (port 0), for the tests of the
 * worker, the client and the orchestration plug-ins: it records what it receives ({@link
 * #requests()}), answers as its {@link #script()} says, pushes work items on the GetWorkItems
 * stream ({@link #workItems()}) and keeps what workers gave back ({@link #results()}).
 */
public final class FakeSidecar extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase
    implements AutoCloseable {

  private final RecordedRequests requests = new RecordedRequests();
  private final SidecarScript script = new SidecarScript();
  private final WorkItemStream workItems = new WorkItemStream();
  private final WorkItemResults results = new WorkItemResults();
  private final Server server;

  private FakeSidecar() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(ServerInterceptors.intercept(this, requests.interceptor()))
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
   * Returns the port it listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getPort();
  }

  /**
   * Returns a connection string to it, with {@code Authentication=None} and task hub {@code
   * test-hub}.
   *
   * @return the connection string
   */
  public String connectionString() {
    return "Endpoint=http://127.0.0.1:" + port() + ";Authentication=None;TaskHub=test-hub";
  }

  /**
   * Returns what it received.
   *
   * @return the calls and requests
   */
  public RecordedRequests requests() {
    return requests;
  }

  /**
   * Returns how it answers client requests.
   *
   * @return the script, to change
   */
  public SidecarScript script() {
    return script;
  }

  /**
   * Returns the GetWorkItems stream.
   *
   * @return the stream
   */
  public WorkItemStream workItems() {
    return workItems;
  }

  /**
   * Returns what workers gave back for their work items.
   *
   * @return the results
   */
  public WorkItemResults results() {
    return results;
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
    if (script.helloFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      observer.onError(Status.UNAVAILABLE.withDescription("warming up").asException());
      return;
    }
    observer.onNext(Empty.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> observer) {
    workItems.open(request, (ServerCallStreamObserver<WorkItem>) observer);
  }

  @Override
  public void completeEntityTask(
      EntityBatchResult request, StreamObserver<CompleteTaskResponse> observer) {
    results.completeEntity(request, observer);
  }

  @Override
  public void completeOrchestratorTask(
      OrchestratorResponse request, StreamObserver<CompleteTaskResponse> observer) {
    results.completeOrchestration(request, observer);
  }

  @Override
  public void completeActivityTask(
      ActivityResponse request, StreamObserver<CompleteTaskResponse> observer) {
    results.completeActivity(request, observer);
  }

  @Override
  public void abandonTaskEntityWorkItem(
      AbandonEntityTaskRequest request, StreamObserver<AbandonEntityTaskResponse> observer) {
    results.abandonedEntities.add(request.getCompletionToken());
    observer.onNext(AbandonEntityTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void abandonTaskOrchestratorWorkItem(
      AbandonOrchestrationTaskRequest request,
      StreamObserver<AbandonOrchestrationTaskResponse> observer) {
    results.abandonedOrchestrations.add(request.getCompletionToken());
    observer.onNext(AbandonOrchestrationTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void abandonTaskActivityWorkItem(
      AbandonActivityTaskRequest request, StreamObserver<AbandonActivityTaskResponse> observer) {
    results.abandonedActivities.add(request.getCompletionToken());
    observer.onNext(AbandonActivityTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void signalEntity(
      SignalEntityRequest request, StreamObserver<SignalEntityResponse> observer) {
    Status failure = script.signalFailures.poll();
    if (failure != null) {
      requests.add(request);
      observer.onError(failure.asException());
      return;
    }
    answer(request, observer, SignalEntityResponse.getDefaultInstance());
  }

  @Override
  public void getEntity(GetEntityRequest request, StreamObserver<GetEntityResponse> observer) {
    answer(request, observer, script.getEntity.apply(request));
  }

  @Override
  public void queryEntities(
      QueryEntitiesRequest request, StreamObserver<QueryEntitiesResponse> observer) {
    answer(request, observer, script.queryEntities.apply(request));
  }

  @Override
  public void cleanEntityStorage(
      CleanEntityStorageRequest request, StreamObserver<CleanEntityStorageResponse> observer) {
    answer(request, observer, script.cleanEntityStorage.apply(request));
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
    answer(request, observer, script.getInstance.apply(request));
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
    GetInstanceResponse response = script.getInstance.apply(request);
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
    answer(request, observer, script.queryInstances.apply(request));
  }

  @Override
  public void purgeInstances(
      PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> observer) {
    answer(request, observer, script.purgeInstances.apply(request));
  }
}
