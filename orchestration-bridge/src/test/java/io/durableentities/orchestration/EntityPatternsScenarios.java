package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.TaskEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The entity patterns end to end: an aggregator summing many signals, a counter used by signals,
 * client calls and an orchestration, and a state machine whose invalid transitions fail the call
 * and change nothing. Run by {@link EntityPatternsEndToEndTest} and {@link
 * EntityPatternsOnDtsEmulatorTest}.
 */
abstract class EntityPatternsScenarios extends EndToEndFixture {

  /** An aggregator's totals. */
  public record Totals(long count, long sum) {}

  /** Sums the values signalled to it; its entity name is {@code aggregator}. */
  public static final class AggregatorEntity extends TaskEntity<Totals> {
    /** Adds one value. */
    public void add(long value) {
      state = new Totals(state.count() + 1, state.sum() + value);
    }

    /** Returns the totals so far. */
    public Totals totals() {
      return state;
    }

    @Override
    protected Totals initialState() {
      return new Totals(0, 0);
    }
  }

  /** The life of an order. */
  public enum OrderStatus {
    CREATED,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED
  }

  /** An order's state machine; its entity name is {@code order}. */
  public static final class OrderEntity extends TaskEntity<OrderStatus> {
    /** CREATED to PAID. */
    public OrderStatus pay() {
      return move("pay", OrderStatus.PAID, OrderStatus.CREATED);
    }

    /** PAID to SHIPPED. */
    public OrderStatus ship() {
      return move("ship", OrderStatus.SHIPPED, OrderStatus.PAID);
    }

    /** SHIPPED to DELIVERED. */
    public OrderStatus deliver() {
      return move("deliver", OrderStatus.DELIVERED, OrderStatus.SHIPPED);
    }

    /** CREATED or PAID to CANCELLED. */
    public OrderStatus cancel() {
      return move("cancel", OrderStatus.CANCELLED, OrderStatus.CREATED, OrderStatus.PAID);
    }

    /** Returns the status. */
    public OrderStatus status() {
      return state;
    }

    @Override
    protected OrderStatus initialState() {
      return OrderStatus.CREATED;
    }

    private OrderStatus move(String operation, OrderStatus to, OrderStatus... allowedFrom) {
      if (!List.of(allowedFrom).contains(state)) {
        throw new IllegalStateException(
            "order " + context().id().key() + " cannot " + operation + " while " + state);
      }
      state = to;
      return state;
    }
  }

  EntityPatternsScenarios(SchedulerBackend backend) {
    super(backend);
  }

  @Override
  void entities(DurableWorker.Builder worker) {
    worker.entity(AggregatorEntity.class).entity(CounterEntity.class).entity(OrderEntity.class);
  }

  @Override
  void orchestrations(Orchestrations.Builder registry) {
    registry
        .orchestration(
            "AddAndRead",
            ctx -> {
              Counter counter =
                  ctx.entities()
                      .proxy(
                          Counter.class, EntityInstanceId.of("counter", ctx.input(String.class)));
              counter.add(5);
              return counter.get();
            })
        .orchestration(
            "SignalBetweenActivities",
            ctx -> {
              EntityInstanceId sum = EntityInstanceId.of("aggregator", ctx.input(String.class));
              for (long value = 1; value <= 5; value++) {
                ctx.entities().signal(sum, "add", value); // replayed each episode, sent once
                ctx.callActivity("Pause", value, Long.class).await();
              }
              return "sent";
            })
        .activity("Pause", ctx -> ctx.input(Long.class))
        .orchestration(
            "SumCounters",
            ctx -> {
              List<Task<Long>> reads = new ArrayList<>();
              for (int i = 0; i < ctx.input(Integer.class); i++) {
                reads.add(
                    ctx.entities()
                        .handle(Counter.class, EntityInstanceId.of("counter", "fan-" + i))
                        .callAsync(Counter::get));
              }
              return ctx.allOf(reads).await().stream().mapToLong(Long::longValue).sum();
            })
        .orchestration(
            "FulfilOrder",
            ctx -> {
              EntityInstanceId order = EntityInstanceId.of("order", ctx.input(String.class));
              List<String> log = new ArrayList<>();
              for (String operation : List.of("pay", "deliver", "ship", "cancel", "deliver")) {
                try {
                  log.add(ctx.entities().call(order, operation, null, OrderStatus.class).name());
                } catch (EntityOperationFailedException e) {
                  log.add("refused: " + e.failureDetails().errorMessage());
                }
              }
              return log;
            });
  }

  @Test
  void aggregator_sumsTwoHundredConcurrentSignals() throws Exception {
    EntityInstanceId id = EntityInstanceId.of("aggregator", "sum-1");
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int sender = 0; sender < 4; sender++) {
        long first = sender * 50L + 1;
        sent.add(
            senders.submit(
                () ->
                    LongStream.range(first, first + 50)
                        .forEach(value -> durable.entities().signal(id, "add", value))));
      }
      for (Future<?> done : sent) {
        done.get();
      }
    } finally {
      senders.shutdown();
    }

    Totals totals = entityUntil(id, Totals.class, t -> t != null && t.count() == 200).state();

    assertThat(totals).isEqualTo(new Totals(200, 200 * 201 / 2));
    assertThat(durable.entities().call(id, "totals", null, Totals.class, WAIT)).isEqualTo(totals);
  }

  @Test
  void counter_seesSignalsClientCallsAndOrchestrationCallsInOneState() throws Exception {
    EntityInstanceId id = EntityInstanceId.of("counter", "shared-1");
    Counter signals = durable.entities().signal(Counter.class, id);
    for (int i = 0; i < 10; i++) {
      signals.add(1);
    }
    entityUntil(id, Long.class, count -> count != null && count == 10L);

    String added = client.scheduleNew("AddAndRead", "shared-1");
    assertThat(completed(added).readOutputAs(Long.class)).isEqualTo(15L);
    Counter calls = durable.entities().call(Counter.class, id, WAIT);
    assertThat(calls.get()).isEqualTo(15L);

    signals.reset();
    assertThat(entityUntil(id, Long.class, count -> count != null && count == 0L).state()).isZero();
  }

  @Test
  void stateMachine_invalidTransitionFailsThatCallAndLeavesTheStateUnchanged() {
    EntityInstanceId id = EntityInstanceId.of("order", "o-1");
    assertThat(durable.entities().call(id, "pay", null, OrderStatus.class, WAIT))
        .isEqualTo(OrderStatus.PAID);

    assertThatThrownBy(() -> durable.entities().call(id, "deliver", null, OrderStatus.class, WAIT))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("order o-1 cannot deliver while PAID");

    assertThat(durable.entities().get(id, OrderStatus.class).orElseThrow().state())
        .isEqualTo(OrderStatus.PAID);
    assertThat(durable.entities().call(id, "ship", null, OrderStatus.class, WAIT))
        .isEqualTo(OrderStatus.SHIPPED);
    assertThatThrownBy(() -> durable.entities().call(id, "cancel", null, OrderStatus.class, WAIT))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("order o-1 cannot cancel while SHIPPED");
    assertThat(durable.entities().call(id, "status", null, OrderStatus.class, WAIT))
        .isEqualTo(OrderStatus.SHIPPED);
  }

  @Test
  void stateMachine_refusedCallsInAnOrchestrationSurfaceAndTheValidOnesApply() throws Exception {
    String id = client.scheduleNew("FulfilOrder", "o-2");

    assertThat(completed(id).readOutputAs(List.class))
        .containsExactly(
            "PAID",
            "refused: order o-2 cannot deliver while PAID",
            "SHIPPED",
            "refused: order o-2 cannot cancel while SHIPPED",
            "DELIVERED");
    assertThat(
            durable
                .entities()
                .get(EntityInstanceId.of("order", "o-2"), OrderStatus.class)
                .orElseThrow()
                .state())
        .isEqualTo(OrderStatus.DELIVERED);
  }

  @Test
  void aggregator_countsEachOrchestrationSignalOnceAcrossReplays() throws Exception {
    EntityInstanceId id = EntityInstanceId.of("aggregator", "replayed-1");
    String instance = client.scheduleNew("SignalBetweenActivities", "replayed-1");

    completed(instance);

    entityUntil(id, Totals.class, t -> t != null && t.count() >= 5);
    assertThat(durable.entities().call(id, "totals", null, Totals.class, WAIT))
        .as("five signals, none sent again by the replays of later episodes")
        .isEqualTo(new Totals(5, 15));
  }

  @Test
  void counter_fanOutOfTypedCallsReadsTwentyCountersInParallel() throws Exception {
    for (int i = 0; i < 20; i++) {
      durable.entities().signal(Counter.class, EntityInstanceId.of("counter", "fan-" + i)).add(i);
    }
    for (int i = 0; i < 20; i++) {
      long expected = i;
      entityUntil(
          EntityInstanceId.of("counter", "fan-" + i), Long.class, c -> c != null && c == expected);
    }

    String id = client.scheduleNew("SumCounters", 20);

    assertThat(completed(id).readOutputAs(Long.class)).isEqualTo(190L);
  }
}
