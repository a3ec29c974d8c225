package io.durableentities.orchestration.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.ActivityContext;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one activity work item: a function from {@link ActivityRequest} to {@link ActivityResponse}
 * (result or failure details). It runs the activity on the calling thread.
 */
public final class ActivityExecutor {

  /** The error type of the failure when no activity of the requested name is registered. */
  public static final String NOT_FOUND_ERROR_TYPE = "ActivityTaskNotFound";

  private final Orchestrations registry;

  /**
   * Creates an executor.
   *
   * @param registry the activities and the data converter
   */
  public ActivityExecutor(Orchestrations registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Runs the activity of a work item.
   *
   * @param request the work item
   * @return the result or the failure; never throws for failures of the activity
   */
  public ActivityResponse execute(ActivityRequest request) {
    String instanceId = request.getOrchestrationInstance().getInstanceId();
    ActivityResponse.Builder response =
        ActivityResponse.newBuilder().setInstanceId(instanceId).setTaskId(request.getTaskId());
    Optional<Activity> activity = registry.activity(request.getName());
    if (activity.isEmpty()) {
      return response
          .setFailureDetails(
              Wire.failure(
                  new FailureDetails(
                      NOT_FOUND_ERROR_TYPE,
                      "No activity named '"
                          + request.getName()
                          + "' is registered (scheduled by instance '"
                          + instanceId
                          + "', task #"
                          + request.getTaskId()
                          + "); registered activities: "
                          + registry.activityNames(),
                      null,
                      true)))
          .build();
    }
    String input = request.hasInput() ? request.getInput().getValue() : null;
    Context ctx = new Context(request.getName(), instanceId, request.getTaskId(), input);
    try {
      String result = registry.dataConverter().serialize(activity.get().run(ctx));
      if (result != null) {
        response.setResult(Wire.string(result));
      }
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      response.setFailureDetails(Wire.failure(FailureDetails.from(failure)));
    }
    return response.build();
  }

  private final class Context implements ActivityContext {

    private final String name;
    private final String instanceId;
    private final int taskId;
    private final String rawInput;

    private Context(String name, String instanceId, int taskId, String rawInput) {
      this.name = name;
      this.instanceId = instanceId;
      this.taskId = taskId;
      this.rawInput = rawInput;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String instanceId() {
      return instanceId;
    }

    @Override
    public int taskId() {
      return taskId;
    }

    @Override
    public <T> T input(Class<T> type) {
      DataConverter converter = registry.dataConverter();
      return rawInput == null
          ? null
          : converter.deserialize(rawInput, Objects.requireNonNull(type));
    }

    @Override
    public String toString() {
      return "ActivityContext[" + name + " #" + taskId + " of " + instanceId + "]";
    }
  }
}
