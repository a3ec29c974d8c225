package io.durableentities.client.internal.grpc;

import com.google.protobuf.Empty;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkerCapability;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running part of a {@link io.durableentities.client.DurableWorker}: {@code Hello}, then one
 * {@code GetWorkItems} stream, reconnected with exponential backoff and full jitter when it fails
 * or ends. Work items are routed to their handler's {@link KindRunner}; the stream's callbacks run
 * directly on the transport thread and never block. Completions are sent without blocking; an item
 * keeps its concurrency slot (and stays in flight for a graceful shutdown) until the scheduler
 * answered its completion.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  /** How many work items the stream may deliver ahead of the ones being routed. */
  private static final int PREFETCH = 16;

  /** How long a closing worker waits for the answers to its shutdown abandons. */
  private static final Duration ABANDON_ANSWER_WAIT = Duration.ofSeconds(5);

  private record Route(WorkItemHandler handler, KindRunner<WorkItemContext> runner) {}

  private final ManagedChannel channel;
  private final WorkerContext context;
  private final PayloadCodec payloads;
  private final List<WorkItemHandler> handlers;
  private final Map<WorkItem.RequestCase, Route> routes = new EnumMap<>(WorkItem.RequestCase.class);
  private final List<KindRunner<WorkItemContext>> runners = new ArrayList<>();
  private final GetWorkItemsRequest request;
  private final Backoff backoff;
  private final ScheduledExecutorService connector;
  private final Set<WorkItemContext> inFlight = ConcurrentHashMap.newKeySet();
  private final Queue<CompletableFuture<Void>> shutdownAbandons = new ConcurrentLinkedQueue<>();
  private final Set<WorkItem.RequestCase> warnedKinds = ConcurrentHashMap.newKeySet();
  private final Object monitor = new Object();

  private volatile boolean draining;
  private volatile boolean closed;
  private boolean connected;
  private ClientCallStreamObserver<GetWorkItemsRequest> call;
  private volatile String lastCause;

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
    this.handlers = List.copyOf(handlers);
    GetWorkItemsRequest.Builder builder = GetWorkItemsRequest.newBuilder();
    for (WorkItemHandler handler : this.handlers) {
      validate(handler);
      KindRunner<WorkItemContext> runner =
          new KindRunner<>(
              "durable-worker-" + threadName(handler),
              handler.maxConcurrency(),
              item -> run(handler, item),
              item -> finish(item, "the worker is shutting down"));
      runners.add(runner);
      for (WorkItem.RequestCase kind : handler.kinds()) {
        if (routes.put(kind, new Route(handler, runner)) != null) {
          throw new IllegalArgumentException(
              "Two worker handlers claim " + kind + " work items; register one extension per kind");
        }
        switch (kind) {
          case ENTITYREQUEST, ENTITYREQUESTV2 ->
              builder.setMaxConcurrentEntityWorkItems(handler.maxConcurrency());
          case ORCHESTRATORREQUEST ->
              builder.setMaxConcurrentOrchestrationWorkItems(handler.maxConcurrency());
          case ACTIVITYREQUEST ->
              builder.setMaxConcurrentActivityWorkItems(handler.maxConcurrency());
          default -> {}
        }
      }
    }
    this.handlers.forEach(handler -> handler.contribute(builder));
    if (payloads.hasStore()) {
      builder.addCapabilities(WorkerCapability.WORKER_CAPABILITY_LARGE_PAYLOADS);
    }
    this.request = builder.build();
    this.backoff = new Backoff(backoffInitial, backoffMax);
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

  private static void validate(WorkItemHandler handler) {
    String name = handler.getClass().getName();
    if (handler.maxConcurrency() < 1) {
      throw new IllegalArgumentException(
          "Work-item handler "
              + name
              + " has maxConcurrency "
              + handler.maxConcurrency()
              + "; it must be at least 1");
    }
    Set<WorkItem.RequestCase> kinds = handler.kinds();
    if (kinds.isEmpty()
        || kinds.contains(WorkItem.RequestCase.HEALTHPING)
        || kinds.contains(WorkItem.RequestCase.REQUEST_NOT_SET)) {
      throw new IllegalArgumentException(
          "Work-item handler "
              + name
              + " declares kinds "
              + kinds
              + "; declare at least one work-item kind, not HEALTHPING or REQUEST_NOT_SET");
    }
  }

  private static String threadName(WorkItemHandler handler) {
    return switch (handler.kinds().iterator().next()) {
      case ENTITYREQUEST, ENTITYREQUESTV2 -> "entity";
      case ORCHESTRATORREQUEST -> "orchestrator";
      case ACTIVITYREQUEST -> "activity";
      default -> "other";
    };
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
          .getWorkItems(request, new StreamObserver());
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
      String cause = status.getCode() + ": " + status.getDescription();
      Duration delay = backoff.next();
      if (!cause.equals(lastCause)) {
        lastCause = cause;
        LOG.warn(
            "{} ({}); reconnecting to {} with backoff (first retry in {} ms)",
            what,
            Retrier.describe(status),
            context.connection().endpoint(),
            delay.toMillis());
      } else {
        LOG.debug("{} again ({}); retrying in {} ms", what, cause, delay.toMillis());
      }
      try {
        connector.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void received() {
    lastCause = null;
    backoff.reset();
  }

  private void route(WorkItem item) {
    received();
    WorkItem.RequestCase kind = item.getRequestCase();
    if (kind == WorkItem.RequestCase.HEALTHPING) {
      return;
    }
    WorkItemContext work = new WorkItemContext(item, context, payloads);
    Route route = routes.get(kind);
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
        abandonForShutdown(work, "the worker is shutting down");
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
        finish(work, null);
        throw fatal;
      }
    }
    return work.completionAnswered().whenComplete((ignored, error) -> finish(work, null));
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

  /** Abandons for shutdown and remembers the call, which the stream's end waits for. */
  private boolean abandonForShutdown(WorkItemContext work, String reason) {
    if (!work.abandonForShutdown(reason)) {
      return false;
    }
    shutdownAbandons.add(work.abandonAnswered());
    return true;
  }

  private void finish(WorkItemContext work, String abandonReason) {
    if (abandonReason != null) {
      abandonForShutdown(work, abandonReason);
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
    for (KindRunner<WorkItemContext> runner : runners) {
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
      if (abandonForShutdown(remaining, "shutdown timeout")) {
        LOG.warn(
            "Abandoned a {} work item still running after the shutdown timeout of {}",
            remaining.item().getRequestCase(),
            timeout);
      }
    }
    runners.forEach(KindRunner::shutdownNow);
    handlers.forEach(WorkItemHandler::close);
    awaitShutdownAbandons();
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

  /**
   * Waits (briefly) until the scheduler answered the shutdown abandons: ending the stream first
   * would hand the items back as lost work, which counts toward their delivery attempts.
   */
  private void awaitShutdownAbandons() {
    try {
      CompletableFuture.allOf(shutdownAbandons.toArray(CompletableFuture[]::new))
          .get(ABANDON_ANSWER_WAIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Not every shutdown abandon was answered; ending the stream anyway", e);
    }
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
    runners.forEach(KindRunner::shutdownNow);
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

  /**
   * Receives the work items of one stream, with manual flow control: {@value #PREFETCH} items are
   * requested up front and one more after each item, so that a draining worker stops receiving
   * without closing the stream (closing it would hand its running items to another worker).
   */
  private final class StreamObserver
      implements ClientResponseObserver<GetWorkItemsRequest, WorkItem> {

    private ClientCallStreamObserver<GetWorkItemsRequest> requestStream;

    @Override
    public void beforeStart(ClientCallStreamObserver<GetWorkItemsRequest> requestStream) {
      this.requestStream = requestStream;
      requestStream.disableAutoRequestWithInitial(PREFETCH);
      call = requestStream;
    }

    @Override
    public void onNext(WorkItem item) {
      route(item);
      if (!draining) {
        requestStream.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (!draining) {
        reconnectLater("The work-item stream failed", Status.fromThrowable(t));
      }
    }

    @Override
    public void onCompleted() {
      if (!draining) {
        reconnectLater("The scheduler ended the work-item stream", Status.UNAVAILABLE);
      }
    }
  }
}
