package io.durableentities.scheduler.internal.engine.state;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.WorkItem;

/**
 * The serialized size of an entity work item ({@code WorkItem.entityRequestV2} with its completion
 * token, as the dispatcher sends it), computed from its parts with protobuf's own size rules rather
 * than by building it. A work item must fit the largest message a worker accepts, which the
 * scheduler takes to be its own {@code maxMessageBytes}: whatever it accepted must be deliverable.
 */
public final class WorkItemSizes {

  /** Characters of a completion token (a UUID); also of a new entity's execution id. */
  public static final int TOKEN_CHARS = 36;

  /** Stands for the execution id a new entity gets (as long as any). */
  private static final String NEW_EXECUTION_ID = "0".repeat(TOKEN_CHARS);

  private static final long TOKEN_FIELD =
      CodedOutputStream.computeTagSize(WorkItem.COMPLETIONTOKEN_FIELD_NUMBER)
          + lengthDelimited(TOKEN_CHARS);

  /** More than the fields around the id, execution id, state and operations can take. */
  private static final int ROUGH_OVERHEAD = 64;

  private WorkItemSizes() {}

  /**
   * The bytes of an entity request's fields other than its operations: the instance id, the
   * execution id and the state (null: none).
   */
  public static long base(String instanceId, String executionId, String state) {
    long size =
        CodedOutputStream.computeStringSize(EntityRequest.INSTANCEID_FIELD_NUMBER, instanceId)
            + CodedOutputStream.computeStringSize(
                EntityRequest.EXECUTIONID_FIELD_NUMBER, executionId);
    if (state != null) {
      int value =
          state.isEmpty()
              ? 0
              : CodedOutputStream.computeStringSize(StringValue.VALUE_FIELD_NUMBER, state);
      size +=
          CodedOutputStream.computeTagSize(EntityRequest.ENTITYSTATE_FIELD_NUMBER)
              + lengthDelimited(value);
    }
    return size;
  }

  /** The bytes one queued operation adds to a work item. */
  public static long operation(QueuedMessage m) {
    return operation(m.sizeBytes());
  }

  /** The bytes an operation whose event takes {@code eventBytes} adds to a work item. */
  public static long operation(int eventBytes) {
    return CodedOutputStream.computeTagSize(EntityRequest.OPERATIONREQUESTS_FIELD_NUMBER)
        + lengthDelimited(eventBytes);
  }

  /**
   * The bytes of a work item carrying only an operation whose event takes {@code eventBytes} to an
   * entity that is {@code e}, or, when null, one that is new (no state yet).
   */
  public static long itemWith(EntityRuntime e, String instanceId, int eventBytes) {
    long base = e != null ? e.workItemBase() : base(instanceId, NEW_EXECUTION_ID, null);
    return item(base, operation(eventBytes));
  }

  /** The bytes of a work item whose request has {@code base} and {@code operations} bytes. */
  public static long item(long base, long operations) {
    long request = base + operations;
    return CodedOutputStream.computeTagSize(WorkItem.ENTITYREQUESTV2_FIELD_NUMBER)
        + lengthDelimited(request)
        + TOKEN_FIELD;
  }

  /** A length prefix and the bytes it announces. */
  private static long lengthDelimited(long length) {
    return CodedOutputStream.computeUInt64SizeNoTag(length) + length;
  }

  /**
   * Whether {@code m} alone fits a work item of {@code limit} bytes with its entity's state. Cheap
   * for the usual case (a bound from the lengths in characters, at most 3 bytes each in UTF-8);
   * exact near the limit.
   */
  public static boolean fitsAlone(EntityRuntime e, QueuedMessage m, int limit) {
    long chars =
        e.instanceId().length()
            + e.executionId().length()
            + (e.state() == null ? 0 : e.state().length());
    if (3 * chars + m.sizeBytes() + ROUGH_OVERHEAD <= limit) {
      return true;
    }
    return item(e.workItemBase(), operation(m)) <= limit;
  }
}
