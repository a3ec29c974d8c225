package io.durableentities.testfixtures;

import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.grpc.Status;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How the fake sidecar answers client requests: a test replaces an answer or queues failures. The
 * defaults answer as an empty task hub does; requests without an entry here succeed with an empty
 * response (a started instance keeps the requested id).
 */
public final class SidecarScript {

  /** How many Hello calls still fail with UNAVAILABLE. */
  public final AtomicInteger helloFailures = new AtomicInteger();

  /** Statuses to fail the next SignalEntity calls with, in order. */
  public final Queue<Status> signalFailures = new ConcurrentLinkedQueue<>();

  /** Answers GetEntity. */
  public volatile Function<GetEntityRequest, GetEntityResponse> getEntity =
      request -> GetEntityResponse.newBuilder().setExists(false).build();

  /** Answers QueryEntities. */
  public volatile Function<QueryEntitiesRequest, QueryEntitiesResponse> queryEntities =
      request -> QueryEntitiesResponse.getDefaultInstance();

  /** Answers CleanEntityStorage. */
  public volatile Function<CleanEntityStorageRequest, CleanEntityStorageResponse>
      cleanEntityStorage = request -> CleanEntityStorageResponse.getDefaultInstance();

  /**
   * Answers GetInstance, WaitForInstanceStart and WaitForInstanceCompletion. For the two waits, a
   * null answer means never: the client's deadline ends the call.
   */
  public volatile Function<GetInstanceRequest, GetInstanceResponse> getInstance =
      request -> GetInstanceResponse.newBuilder().setExists(false).build();

  /** Answers QueryInstances. */
  public volatile Function<QueryInstancesRequest, QueryInstancesResponse> queryInstances =
      request -> QueryInstancesResponse.getDefaultInstance();

  /** Answers PurgeInstances. */
  public volatile Function<PurgeInstancesRequest, PurgeInstancesResponse> purgeInstances =
      request -> PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(1).build();

  SidecarScript() {}
}
