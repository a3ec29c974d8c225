package io.durableentities.client.internal.grpc;

import io.durableentities.client.PayloadStoreException;
import io.durableentities.protocol.internal.WorkItem;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one work item on a runner thread: reads its payload references back from the payload store,
 * hands it to its handler, and abandons it (so that the scheduler delivers it again) when the
 * handler threw or returned without completing it. Stateless apart from the codec; thread-safe.
 */
final class WorkItemExecution {

  /** The worker's logger: these lines were always the worker runtime's. */
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  private final PayloadCodec payloads;

  WorkItemExecution(PayloadCodec payloads) {
    this.payloads = payloads;
  }

  /**
   * Runs an item that is still pending; afterwards it is completed or abandoned.
   *
   * @param handler the item's handler
   * @param work the item
   * @throws VirtualMachineError after abandoning the item, for the runner thread to end with
   */
  void run(WorkItemHandler handler, WorkItemContext work) {
    try {
      if (work.isPending()) {
        WorkItem item = resolvePayloads(work);
        if (item != null) {
          handler.handle(item, work);
        }
        if (work.isPending()) {
          LOG.warn(
              "{} returned without completing a {} work item; abandoning it",
              handler.getClass().getName(),
              work.item().getRequestCase());
          work.abandon("not completed by its handler");
        }
      }
    } catch (Throwable t) {
      if (t instanceof Error) {
        LOG.error(
            "Error while running a {} work item; abandoning it so that it is delivered again",
            work.item().getRequestCase(),
            t);
      } else {
        LOG.warn(
            "Could not run a {} work item; abandoning it so that it is delivered again",
            work.item().getRequestCase(),
            t);
      }
      work.abandon(t.toString());
      if (t instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }

  /**
   * Returns the item with its payload references resolved; or fails it and returns null when it has
   * references and the worker no payload store. A store that fails throws, so that the item is
   * abandoned and delivered again.
   */
  private WorkItem resolvePayloads(WorkItemContext work) {
    try {
      WorkItem resolved = payloads.resolve(work.item());
      work.payloadsResolved(resolved);
      return resolved;
    } catch (PayloadStoreException e) {
      if (payloads.hasStore()) {
        throw e;
      }
      LOG.error("Failing a {} work item: {}", work.item().getRequestCase(), e.getMessage());
      PayloadFailures.complete(work, e, Instant.now());
      return null;
    }
  }
}
