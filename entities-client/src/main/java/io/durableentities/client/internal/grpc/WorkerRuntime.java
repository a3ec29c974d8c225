package io.durableentities.client.internal.grpc;

import com.google.protobuf.Empty;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running part of a {@link io.durableentities.client.DurableWorker}: {@code Hello}, then one
 * {@code GetWorkItems} stream, reconnected with exponential backoff and full jitter when it fails
 * or ends. Work items are routed to their handler's {@link KindRunner} ({@link WorkItemRoutes}) and
 * run there ({@link WorkItemExecution}); the stream's callbacks run directly on the transport
 * thread and never block. Completions are sent without blocking; an item keeps its concurrency slot
 * (and stays in flight for a graceful shutdown) until the scheduler answered its completion.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  private final ManagedChannel channel;
  private final WorkerContext context;
  private final PayloadCodec payloads;
  private final WorkItemExecution execution;
  private final WorkItemRoutes routes;
  private final GetWorkItemsRequest request;
  private final ReconnectDelays reconnectDelays;
  private final ScheduledExecutorService connector;
  private final Set<WorkItemContext> inFlight = ConcurrentHashMap.newKeySet();
  private final ShutdownAbandons shutdownAbandons = new ShutdownAbandons();
  private final Set<WorkItem.RequestCase> warnedKinds = ConcurrentHashMap.newKeySet();
  private final Object monitor = new Object();

  private volatile boolean draining;
  private volatile boolean closed;
  private boolean connected;
  private ClientCallStreamObserver<GetWorkItemsRequest> call;

  /**
   * Creates a runtime; {@link #start()} connects.
   *
   * @param channel the worker's channel, owned by the runtime
   * @param context the channel and settings given to handlers
   * @param handlers the handlers, each with its own kinds
   * @param backoffInitial the first reconnect delay bound
   * @param backoffMax the largest reconnect delay bound
   * @param payloads resolves the payload references of work items and stores the large payloads of
   *     completions
   * @throws IllegalArgumentException if two handlers claim the same kind
   */
  public WorkerRuntime(
      ManagedChannel channel,
      WorkerContext context,
      List<WorkItemHandler> handlers,
      Duration backoffInitial,
      Duration backoffMax,
      PayloadCodec payloads) {
    this.channel = channel;
    this.context = context;
    this.payloads = payloads;
    this.execution = new WorkItemExecution(payloads);
    this.routes =
        new WorkItemRoutes(
            handlers,
            payloads.hasStore(),
            this::run,
            item -> finish(item, "the worker is shutting down"));
    this.request = routes.request();
    this.reconnectDelays =
        new ReconnectDelays(backoffInitial, backoffMax, context.connection().endpoint());
    this.connector =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "durable-worker-connect");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Returns the request that opens the work-item stream.
   *
   * @return the request
   */
  public GetWorkItemsRequest workItemsRequest() {
    return request;
  }

  /**
   * Opens a channel and creates a runtime on it; {@link #start()} connects.
   *
   * @param config the channel settings
   * @param connection the connection string
   * @param dataConverter the data converter given to handlers
   * @param callTimeout the deadline of Hello and completion calls
   * @param telemetry the worker's telemetry
   * @param handlers creates the handlers from the worker context
   * @param backoffInitial the first reconnect delay bound
   * @param backoffMax the largest reconnect delay bound
   * @param payloads resolves payload references and stores large payloads
   * @return the runtime
   */
  public static WorkerRuntime open(
      ChannelConfig config,
      ConnectionString connection,
      DataConverter dataConverter,
      Duration callTimeout,
      Telemetry telemetry,
      Function<WorkerContext, List<WorkItemHandler>> handlers,
      Duration backoffInitial,
      Duration backoffMax,
      PayloadCodec payloads) {
    ManagedChannel channel = GrpcChannels.create(config);
    try {
      WorkerContext context =
          new WorkerContext(channel, connection, dataConverter, callTimeout, telemetry);
      return new WorkerRuntime(
          channel, context, handlers.apply(context), backoffInitial, backoffMax, payloads);
    } catch (RuntimeException | Error e) {
      channel.shutdownNow();
      throw e;
    }
  }

  /** Connects in the background. */
  public void start() {
    connector.execute(this::connect);
  }

  /**
   * Tells whether the work-item stream is open.
   *
   * @return whether connected
   */
  public boolean isConnected() {
    synchronized (monitor) {
      return connected;
    }
  }

  /**
   * Waits until {@code Hello} succeeded and the work-item stream was opened.
   *
   * @param timeout how long to wait
   * @return whether it is connected
   * @throws InterruptedException if interrupted
   */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!connected) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return connected;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      return true;
    }
  }

  private void connect() {
    if (draining) {
      return;
    }
    try {
      TaskHubSidecarServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(context.callTimeout().toNanos(), TimeUnit.NANOSECONDS)
          .hello(Empty.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      reconnectLater("Hello failed", e.getStatus());
      return;
    } catch (RuntimeException e) {
      reconnectLater("Hello failed", Status.fromThrowable(e));
      return;
    }
    synchronized (monitor) {
      if (draining) {
        return;
      }
      connected = true;
      monitor.notifyAll();
      TaskHubSidecarServiceGrpc.newStub(channel)
          .withExecutor(Runnable::run)
          .getWorkItems(
              request,
              new WorkItemStream(
                  opened -> call = opened, this::route, () -> draining, this::reconnectLater));
    }
    LOG.info(
        "Worker connected to {} (task hub '{}'); at a time: {} entity, {} orchestration, {}"
            + " activity work items (0: not run here)",
        context.connection().endpoint(),
        context.connection().taskHub(),
        request.getMaxConcurrentEntityWorkItems(),
        request.getMaxConcurrentOrchestrationWorkItems(),
        request.getMaxConcurrentActivityWorkItems());
  }

  private void reconnectLater(String what, Status status) {
    synchronized (monitor) {
      connected = false;
      if (draining) {
        return;
      }
      Duration delay = reconnectDelays.next(what, status);
      try {
        connector.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void route(WorkItem item) {
    reconnectDelays.reset();
    WorkItem.RequestCase kind = item.getRequestCase();
    if (kind == WorkItem.RequestCase.HEALTHPING) {
      return;
    }
    WorkItemContext work = new WorkItemContext(item, context, payloads);
    WorkItemRoutes.Route route = routes.route(kind);
    if (route == null) {
      if (warnedKinds.add(kind)) {
        LOG.warn(
            "This worker has no handler for {} work items; abandoning them (add the extension"
                + " that runs them, e.g. the orchestration module)",
            kind);
      }
      work.abandon("no handler for " + kind);
      return;
    }
    synchronized (monitor) {
      if (draining) {
        shutdownAbandons.abandon(work, "the worker is shutting down");
        return;
      }
      inFlight.add(work);
    }
    route.runner().submit(work);
  }

  /**
   * Runs one item on a runner thread; the returned stage completes, and the item leaves {@code
   * inFlight}, when the scheduler answered its completion (at once if none was sent).
   */
  private CompletionStage<?> run(WorkItemHandler handler, WorkItemContext work) {
    try {
      execution.run(handler, work);
    } catch (VirtualMachineError fatal) {
      finish(work, null);
      throw fatal;
    }
    return work.completionAnswered().whenComplete((ignored, error) -> finish(work, null));
  }

  private void finish(WorkItemContext work, String abandonReason) {
    if (abandonReason != null) {
      shutdownAbandons.abandon(work, abandonReason);
    }
    inFlight.remove(work);
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /**
   * Stops taking work, lets running items finish up to a timeout, abandons the rest and closes the
   * channel.
   *
   * @param timeout how long running items may take
   */
  public void shutdown(Duration timeout) {
    synchronized (monitor) {
      if (closed) {
        return;
      }
      draining = true;
    }
    connector.shutdownNow();
    for (KindRunner<WorkItemContext> runner : routes.runners()) {
      for (WorkItemContext queued : runner.takePending()) {
        finish(queued, "the worker is shutting down");
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      try {
        while (!inFlight.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (WorkItemContext remaining : List.copyOf(inFlight)) {
      if (shutdownAbandons.abandon(remaining, "shutdown timeout")) {
        LOG.warn(
            "Abandoned a {} work item still running after the shutdown timeout of {}",
            remaining.item().getRequestCase(),
            timeout);
      }
    }
    routes.runners().forEach(KindRunner::shutdownNow);
    routes.handlers().forEach(WorkItemHandler::close);
    shutdownAbandons.awaitAnswers();
    synchronized (monitor) {
      closed = true;
      connected = false;
      if (call != null) {
        call.cancel("worker shutting down", null);
      }
      monitor.notifyAll();
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("Worker for {} stopped", context.connection().endpoint());
  }

  /** Stops at once, answering nothing: what a crash looks like to the scheduler. For tests. */
  public void abort() {
    synchronized (monitor) {
      draining = true;
      closed = true;
      connected = false;
      monitor.notifyAll();
    }
    connector.shutdownNow();
    channel.shutdownNow();
    routes.runners().forEach(KindRunner::shutdownNow);
  }

  /**
   * Tells whether the runtime was shut down.
   *
   * @return whether closed
   */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(30));
  }
}
