package io.durableentities.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.TaskEntity;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.OperationRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Batch execution of a counter entity against its limit, a bare Jackson read+write loop of the same
 * state.
 *
 * <p>Every figure is operations per second on one thread (one core). {@code executorBatchN} runs
 * batches of N {@code add(1)} operations through the production {@link EntityBatchExecutor}: a new
 * entity object per batch, the input parsed, the state checkpointed and written after each
 * operation, a result and timestamps per operation. {@code jacksonReadWriteLoop} only reads the
 * state JSON, adds one and writes it back: the work no executor can avoid. The target is {@code
 * executorBatch100 >= 0.5 x jacksonReadWriteLoop}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BatchExecutionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class BatchExecutionBenchmark {

  /** The shape of the counter's state: a bare number or a small record. */
  @Param({"long", "record"})
  public String stateKind;

  private EntityBatchExecutor executor;
  private EntityBatchRequest batch1;
  private EntityBatchRequest batch10;
  private EntityBatchRequest batch100;

  private ObjectReader stateReader;
  private ObjectWriter stateWriter;
  private String loopState;

  /** The state of the record-shaped counter. */
  public record CounterState(long value, long updates, String unit) {}

  /** A counter whose state is a bare {@code long}. */
  public static final class LongCounter extends TaskEntity<Long> {
    /**
     * Adds to the counter.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  /** A counter whose state is a {@link CounterState} record. */
  public static final class RecordCounter extends TaskEntity<CounterState> {
    @Override
    protected CounterState initialState() {
      return new CounterState(0, 0, "items");
    }

    /**
     * Adds to the counter.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state = new CounterState(state.value() + amount, state.updates() + 1, state.unit());
    }
  }

  /** Builds the executor, the batches and the Jackson loop's reader and writer. */
  @Setup
  public void setUp() throws IOException {
    boolean record = stateKind.equals("record");
    JacksonDataConverter converter = JacksonDataConverter.defaultInstance();
    executor =
        new EntityBatchExecutor(
            name -> record ? RecordCounter::new : LongCounter::new, converter, Clock.systemUTC());
    ObjectMapper mapper = converter.objectMapper();
    Class<?> stateType = record ? CounterState.class : Long.class;
    stateReader = mapper.readerFor(stateType);
    stateWriter = mapper.writerFor(stateType);
    loopState = stateWriter.writeValueAsString(record ? new CounterState(41, 7, "items") : 41L);
    EntityInstanceId id = EntityInstanceId.of("counter", "bench");
    batch1 = batch(id, loopState, 1);
    batch10 = batch(id, loopState, 10);
    batch100 = batch(id, loopState, 100);
    EntityBatchResult check = executor.execute(batch100);
    if (check.results().size() != 100 || check.state() == null) {
      throw new IllegalStateException("benchmark batch did not run: " + check);
    }
  }

  private static EntityBatchRequest batch(EntityInstanceId id, String state, int size) {
    List<OperationRequest> operations = Collections.nCopies(size, OperationRequest.of("add", "1"));
    return new EntityBatchRequest(id, state, operations);
  }

  /**
   * One operation per batch.
   *
   * @return the batch result
   */
  @Benchmark
  public EntityBatchResult executorBatch1() {
    return executor.execute(batch1);
  }

  /**
   * Ten operations per batch.
   *
   * @return the batch result
   */
  @Benchmark
  @OperationsPerInvocation(10)
  public EntityBatchResult executorBatch10() {
    return executor.execute(batch10);
  }

  /**
   * A hundred operations per batch.
   *
   * @return the batch result
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public EntityBatchResult executorBatch100() {
    return executor.execute(batch100);
  }

  /**
   * The limit: read the state, add one, write it back, a hundred times.
   *
   * @param blackhole sinks the last state
   * @throws IOException never, the JSON is valid
   */
  @Benchmark
  @OperationsPerInvocation(100)
  public void jacksonReadWriteLoop(Blackhole blackhole) throws IOException {
    String json = loopState;
    for (int i = 0; i < 100; i++) {
      Object state = stateReader.readValue(json);
      Object next =
          state instanceof CounterState c
              ? new CounterState(c.value() + 1, c.updates() + 1, c.unit())
              : (Long) state + 1;
      json = stateWriter.writeValueAsString(next);
    }
    blackhole.consume(json);
  }
}
