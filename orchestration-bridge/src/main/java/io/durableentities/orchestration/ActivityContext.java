package io.durableentities.orchestration;

/** What a running {@link Activity} sees: its name, the calling instance, its task id and input. */
public interface ActivityContext {

  /**
   * Returns the activity name it was scheduled by.
   *
   * @return the activity name
   */
  String name();

  /**
   * Returns the id of the orchestration instance that scheduled this activity.
   *
   * @return the instance id
   */
  String instanceId();

  /**
   * Returns the id of the task in the orchestration's history; together with {@link #instanceId()}
   * it identifies this scheduling (useful as an idempotency key).
   *
   * @return the task id
   */
  int taskId();

  /**
   * Returns the input.
   *
   * @param type the input type
   * @param <T> the input type
   * @return the input; null when there is none
   */
  <T> T input(Class<T> type);
}
