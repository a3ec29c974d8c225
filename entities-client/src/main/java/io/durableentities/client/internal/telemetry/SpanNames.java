package io.durableentities.client.internal.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The names and attribute keys of the spans this library emits. Names follow the Durable Task SDKs'
 * {@code <type>:<name>} form and their attribute keys ({@code durabletask.*}), so that dashboards
 * built for those SDKs read ours; the keys the SDKs do not define are marked.
 */
public final class SpanNames {

  private SpanNames() {}

  /** {@code durabletask.type}: what the span reports (orchestration, activity, entity, ...). */
  public static final AttributeKey<String> TYPE = AttributeKey.stringKey("durabletask.type");

  /** {@code durabletask.task.name}: the orchestration or activity name. */
  public static final AttributeKey<String> TASK_NAME =
      AttributeKey.stringKey("durabletask.task.name");

  /** {@code durabletask.task.instance_id}: the orchestration instance id. */
  public static final AttributeKey<String> INSTANCE_ID =
      AttributeKey.stringKey("durabletask.task.instance_id");

  /** {@code durabletask.task.task_id}: the action id of an activity or entity message. */
  public static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("durabletask.task.task_id");

  /** {@code durabletask.task.status}: how an orchestration ended. */
  public static final AttributeKey<String> STATUS =
      AttributeKey.stringKey("durabletask.task.status");

  /** {@code durabletask.event.target_instance_id}: where an event or termination goes. */
  public static final AttributeKey<String> TARGET_INSTANCE_ID =
      AttributeKey.stringKey("durabletask.event.target_instance_id");

  /** {@code durabletask.entity.operation}: the entity operation name. */
  public static final AttributeKey<String> ENTITY_OPERATION =
      AttributeKey.stringKey("durabletask.entity.operation");

  /** {@code durabletask.entity.instance_id}: the entity id, {@code @name@key}. */
  public static final AttributeKey<String> ENTITY_ID =
      AttributeKey.stringKey("durabletask.entity.instance_id");

  /** {@code durabletask.entity.batch_position} (ours): the operation's index in its batch. */
  public static final AttributeKey<Long> BATCH_POSITION =
      AttributeKey.longKey("durabletask.entity.batch_position");

  /** {@code durabletask.entity.batch_size} (ours): how many operations the batch ran. */
  public static final AttributeKey<Long> BATCH_SIZE =
      AttributeKey.longKey("durabletask.entity.batch_size");

  /** {@code durabletask.entity.outcome} (ours): {@code success} or {@code failure}. */
  public static final AttributeKey<String> OUTCOME =
      AttributeKey.stringKey("durabletask.entity.outcome");

  /** {@code durabletask.entity.lock_set} (ours): the entities a critical section locks. */
  public static final AttributeKey<List<String>> LOCK_SET =
      AttributeKey.stringArrayKey("durabletask.entity.lock_set");

  /** {@code durabletask.entity.critical_section_id} (ours): the critical section's id. */
  public static final AttributeKey<String> CRITICAL_SECTION_ID =
      AttributeKey.stringKey("durabletask.entity.critical_section_id");

  /** {@code exception.type}: a failure's error type (OpenTelemetry's exception convention). */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * Returns {@code type:name}.
   *
   * @param type the span type, such as {@code signal_entity}
   * @param name the name, such as the operation
   * @return the span name
   */
  public static String of(String type, String name) {
    return type + ":" + name;
  }
}
