package io.durableentities.testfixtures;

import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What workers gave back for their work items: accepted completions, abandoned completion tokens,
 * and the failures a test wants completions rejected with.
 */
public final class WorkItemResults {

  /** The accepted CompleteEntityTask results. */
  public final BlockingQueue<EntityBatchResult> entityCompletions = new LinkedBlockingQueue<>();

  /** The accepted CompleteOrchestratorTask responses. */
  public final BlockingQueue<OrchestratorResponse> orchestrationCompletions =
      new LinkedBlockingQueue<>();

  /** The accepted CompleteActivityTask responses. */
  public final BlockingQueue<ActivityResponse> activityCompletions = new LinkedBlockingQueue<>();

  /** Statuses to reject the next CompleteEntityTask calls with, in order. */
  public final Queue<Status> entityCompletionFailures = new ConcurrentLinkedQueue<>();

  /** Statuses to reject the next CompleteOrchestratorTask calls with, in order. */
  public final Queue<Status> orchestrationCompletionFailures = new ConcurrentLinkedQueue<>();

  /** Completion tokens of abandoned entity work items. */
  public final BlockingQueue<String> abandonedEntities = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned orchestration work items. */
  public final BlockingQueue<String> abandonedOrchestrations = new LinkedBlockingQueue<>();

  /** Completion tokens of abandoned activity work items. */
  public final BlockingQueue<String> abandonedActivities = new LinkedBlockingQueue<>();

  private volatile boolean holdEntityCompletions;
  private final Queue<Runnable> heldAnswers = new ConcurrentLinkedQueue<>();

  WorkItemResults() {}

  /**
   * From now on, records CompleteEntityTask results in {@link #entityCompletions} but answers them
   * only at {@link #answerHeldEntityCompletions()} (a worker then waits as on a slow scheduler).
   */
  public void holdEntityCompletions() {
    holdEntityCompletions = true;
  }

  /** Answers the CompleteEntityTask calls held so far and stops holding new ones. */
  public void answerHeldEntityCompletions() {
    holdEntityCompletions = false;
    for (Runnable answer; (answer = heldAnswers.poll()) != null; ) {
      answer.run();
    }
  }

  void completeEntity(EntityBatchResult result, StreamObserver<CompleteTaskResponse> observer) {
    Status failure = entityCompletionFailures.poll();
    if (failure != null) {
      observer.onError(failure.asException());
      return;
    }
    if (holdEntityCompletions) {
      heldAnswers.add(() -> accept(observer)); // before the result shows, so a test can answer it
      entityCompletions.add(result);
    } else {
      entityCompletions.add(result);
      accept(observer);
    }
  }

  void completeOrchestration(
      OrchestratorResponse response, StreamObserver<CompleteTaskResponse> observer) {
    Status failure = orchestrationCompletionFailures.poll();
    if (failure != null) {
      observer.onError(failure.asException());
      return;
    }
    orchestrationCompletions.add(response);
    accept(observer);
  }

  void completeActivity(ActivityResponse response, StreamObserver<CompleteTaskResponse> observer) {
    activityCompletions.add(response);
    accept(observer);
  }

  private static void accept(StreamObserver<CompleteTaskResponse> observer) {
    observer.onNext(CompleteTaskResponse.getDefaultInstance());
    observer.onCompleted();
  }
}
