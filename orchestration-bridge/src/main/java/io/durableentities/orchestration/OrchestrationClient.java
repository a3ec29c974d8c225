package io.durableentities.orchestration;

import io.durableentities.client.DurableClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts, watches and manages orchestration instances through a {@link DurableClient}:
 *
 * <pre>{@code
 * try (DurableClient durable = DurableClient.connect(connection)) {
 *   OrchestrationClient client = OrchestrationClient.of(durable);
 *   String id = client.scheduleNew(Transfer.class, new TransferRequest(from, to, 500));
 *   OrchestrationMetadata done = client.waitForCompletion(id, Duration.ofSeconds(30));
 *   String receipt = done.readOutputAs(String.class);
 * }
 * }</pre>
 *
 * <p>Calls use the client's channel, data converter, call timeout and retry policy; the two waits
 * use their own timeout as the deadline instead. A call the scheduler rejected, or that stayed
 * unavailable after the retries, throws {@link io.durableentities.core.DurableException} naming the
 * call and the gRPC status; an instance that cannot be awaited or read throws {@link
 * OrchestrationException}. The client is thread-safe and closed with its {@link DurableClient}.
 *
 * <p>Calls to entities are on the entity client: {@code durable.entities().call(Account.class,
 * id).balance()} (this module provides them and the built-in orchestration that carries them).
 */
public interface OrchestrationClient {

  /**
   * Returns the orchestration client of a durable client (created once per client).
   *
   * @param client the durable client
   * @return its orchestration client
   * @throws IllegalStateException if the client is closed
   */
  static OrchestrationClient of(DurableClient client) {
    return client.extension(OrchestrationClient.class);
  }

  /**
   * Starts an orchestration now, with a new random instance id.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @return the instance id
   */
  default String scheduleNew(String name, Object input) {
    return scheduleNew(name, input, null, null);
  }

  /**
   * Starts an orchestration class now, with a new random instance id, by the name it is registered
   * under ({@link Orchestrations#orchestrationName}: its {@link OrchestrationName}, else its simple
   * name).
   *
   * <pre>{@code
   * String id = client.scheduleNew(Checkout.class, new Order(...));
   * }</pre>
   *
   * @param orchestration the orchestration class
   * @param input the input, may be null
   * @return the instance id
   * @throws IllegalArgumentException if the class is a lambda or anonymous class
   */
  default String scheduleNew(Class<? extends Orchestration> orchestration, Object input) {
    return scheduleNew(Orchestrations.orchestrationName(orchestration), input, null, null);
  }

  /**
   * Starts an orchestration class now under an instance id, by the name it is registered under.
   *
   * @param orchestration the orchestration class
   * @param input the input, may be null
   * @param instanceId the instance id; null for a new random one
   * @return the instance id
   * @throws IllegalArgumentException if the class is a lambda or anonymous class
   * @throws io.durableentities.core.DurableException if an active instance has that id
   */
  default String scheduleNew(
      Class<? extends Orchestration> orchestration, Object input, String instanceId) {
    return scheduleNew(Orchestrations.orchestrationName(orchestration), input, instanceId, null);
  }

  /**
   * Starts an orchestration now under an instance id.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param instanceId the instance id; null for a new random one
   * @return the instance id
   * @throws io.durableentities.core.DurableException if an active instance has that id
   */
  default String scheduleNew(String name, Object input, String instanceId) {
    return scheduleNew(name, input, instanceId, null);
  }

  /**
   * Starts an orchestration at a time.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param instanceId the instance id; null for a new random one
   * @param startAt when it starts; null for now
   * @return the instance id
   * @throws io.durableentities.core.DurableException if an active instance has that id
   */
  default String scheduleNew(String name, Object input, String instanceId, Instant startAt) {
    return scheduleNew(
        name, input, ScheduleOptions.newBuilder().instanceId(instanceId).startAt(startAt).build());
  }

  /**
   * Starts an orchestration class by the name it is registered under, with options (instance id,
   * start time, version).
   *
   * @param orchestration the orchestration class
   * @param input the input, may be null
   * @param options the options
   * @return the instance id
   * @throws IllegalArgumentException if the class is a lambda or anonymous class
   * @throws io.durableentities.core.DurableException if an active instance has that id
   */
  default String scheduleNew(
      Class<? extends Orchestration> orchestration, Object input, ScheduleOptions options) {
    return scheduleNew(Orchestrations.orchestrationName(orchestration), input, options);
  }

  /**
   * Starts an orchestration with options (instance id, start time, version):
   *
   * <pre>{@code
   * client.scheduleNew("Checkout", order, ScheduleOptions.newBuilder().version("2.0").build());
   * }</pre>
   *
   * <p>An instance started without a version gets this client's default version ({@link
   * #withDefaultVersion}), or none.
   *
   * @param name the orchestration name
   * @param input the input, may be null
   * @param options the options
   * @return the instance id
   * @throws io.durableentities.core.DurableException if an active instance has that id
   */
  String scheduleNew(String name, Object input, ScheduleOptions options);

  /**
   * Returns a client like this one whose starts without a version get {@code version}, as the
   * Durable Task SDKs' client "default version" does; the version is what versioned workers match
   * ({@link OrchestrationVersioning}). This client is unchanged; both share the connection.
   *
   * <pre>{@code
   * OrchestrationClient v2 = OrchestrationClient.of(durable).withDefaultVersion("2.0");
   * v2.scheduleNew(Checkout.class, order);        // an instance of version 2.0
   * }</pre>
   *
   * @param version the version, not blank
   * @return the client with that default version
   * @throws IllegalArgumentException if the version is blank
   */
  OrchestrationClient withDefaultVersion(String version);

  /**
   * Returns the version this client gives to starts without one.
   *
   * @return the default version, empty when there is none
   */
  Optional<String> defaultVersion();

  /**
   * Returns an instance, with its input, output and custom status.
   *
   * @param instanceId the instance id
   * @return the instance, or empty when there is none
   */
  default Optional<OrchestrationMetadata> get(String instanceId) {
    return get(instanceId, true);
  }

  /**
   * Returns an instance.
   *
   * @param instanceId the instance id
   * @param includeInputsAndOutputs whether to fetch input, output and custom status
   * @return the instance, or empty when there is none
   */
  Optional<OrchestrationMetadata> get(String instanceId, boolean includeInputsAndOutputs);

  /**
   * Waits until an instance has started (is no longer pending).
   *
   * @param instanceId the instance id
   * @param timeout how long to wait; also the call's deadline
   * @return the instance, with its input, output and custom status
   * @throws TimeoutException if it did not start in time
   * @throws OrchestrationException if the scheduler knows no such instance
   * @throws io.durableentities.client.PayloadStoreException if its input, output or custom status
   *     is stored in the payload store and could not be read from it (as the store threw it, its
   *     cause kept), or this client has no payload store
   */
  OrchestrationMetadata waitForStart(String instanceId, Duration timeout) throws TimeoutException;

  /**
   * Waits until an instance has finished (completed, failed or terminated).
   *
   * @param instanceId the instance id
   * @param timeout how long to wait; also the call's deadline
   * @return the instance, with its input, output and custom status
   * @throws TimeoutException if it did not finish in time
   * @throws OrchestrationException if the scheduler knows no such instance
   * @throws io.durableentities.client.PayloadStoreException if its input, output or custom status
   *     is stored in the payload store and could not be read from it (as the store threw it, its
   *     cause kept), or this client has no payload store
   */
  OrchestrationMetadata waitForCompletion(String instanceId, Duration timeout)
      throws TimeoutException;

  /**
   * Sends an event to an instance ({@link OrchestrationContext#waitForExternalEvent}).
   *
   * @param instanceId the instance id
   * @param eventName the event name
   * @param payload the payload, may be null
   */
  void raiseEvent(String instanceId, String eventName, Object payload);

  /**
   * Terminates an instance, not its sub-orchestrations.
   *
   * @param instanceId the instance id
   * @param output the output to record, may be null
   */
  default void terminate(String instanceId, Object output) {
    terminate(instanceId, output, false);
  }

  /**
   * Terminates an instance.
   *
   * @param instanceId the instance id
   * @param output the output to record, may be null
   * @param recursive whether its sub-orchestrations are terminated too
   */
  void terminate(String instanceId, Object output, boolean recursive);

  /**
   * Suspends an instance: it receives events but does not run until resumed.
   *
   * @param instanceId the instance id
   * @param reason why, may be null
   */
  void suspend(String instanceId, String reason);

  /**
   * Resumes a suspended instance.
   *
   * @param instanceId the instance id
   * @param reason why, may be null
   */
  void resume(String instanceId, String reason);

  /**
   * Runs an instance again from the start, with the name, version and input of its latest execution
   * (after a continue-as-new, the input it continued with); the new run has no parent.
   *
   * <pre>{@code
   * String again = client.restart(id, false); // the same id: the finished instance is replaced
   * String copy = client.restart(id, true);   // a new id: the original stays as it is
   * }</pre>
   *
   * @param instanceId the instance id
   * @param newInstanceId whether the new run gets a new random id; with {@code false} it reuses
   *     {@code instanceId}, whose instance must have finished
   * @return the id of the instance that runs
   * @throws io.durableentities.core.DurableException if there is no such instance ({@code
   *     NOT_FOUND}), or if {@code newInstanceId} is false and the instance is still pending,
   *     running or suspended ({@code FAILED_PRECONDITION}, naming it and its status: wait for it,
   *     terminate it first, or restart it with a new id)
   */
  String restart(String instanceId, boolean newInstanceId);

  /**
   * Resumes a failed instance from where it failed: its failed activities and failed
   * sub-orchestrations run again (a failed sub-orchestration is itself rewound), while the work
   * that completed is replayed from the history, not redone. The instance runs under a new
   * execution id and ends as the orchestration then decides. Use it after fixing what made those
   * tasks fail (the data, a downstream service, the activity's code); the orchestration's own code
   * must replay as before.
   *
   * <p>Not resumable: an instance that locked entities, or that failed while entity calls had no
   * answer (the scheduler released its locks when it failed), and one whose failed activity had a
   * retry policy (its retry timers stay in the history, so the replay no longer matches). Restart
   * such an instance instead.
   *
   * @param instanceId the instance id
   * @param reason why, recorded in the history; may be null
   * @throws io.durableentities.core.DurableException if there is no such instance ({@code
   *     NOT_FOUND}), or it is not FAILED or cannot be resumed ({@code FAILED_PRECONDITION}, naming
   *     the instance and its status or the cause)
   */
  void rewind(String instanceId, String reason);

  /**
   * Deletes a finished instance and its history.
   *
   * @param instanceId the instance id
   * @return whether an instance was deleted
   */
  boolean purge(String instanceId);

  /**
   * Deletes the finished instances a filter matches, with their histories.
   *
   * @param filter which instances
   * @return how many were deleted
   */
  int purge(OrchestrationPurgeFilter filter);

  /**
   * Lists the instances a query matches, fetching pages as the stream is consumed.
   *
   * @param query which instances
   * @return the instances, ordered by instance id
   */
  Stream<OrchestrationMetadata> query(OrchestrationQuery query);
}
