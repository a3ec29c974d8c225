package io.durableentities.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The limits of the machine the run is on, measured first in every run: async unary gRPC calls/s
 * and a bidi stream's messages/s with direct executors, one-row and 100-row SQLite commits/s at
 * {@code synchronous=FULL}.
 */
final class MachineLimits implements Scenario {

  @Override
  public String id() {
    return "limits";
  }

  @Override
  public String title() {
    return "Machine limits";
  }

  @Override
  public String setup() {
    return "gRPC: 64-byte echo on 127.0.0.1, client and server in this JVM, directExecutor() on"
        + " both; unary with 64 calls in flight (async, the issue's limit) and from 64 blocking caller threads (the load generator's shape), one bidi stream with 1,000 messages in flight,"
        + " sequential unary and bidi ping-pong for p50. SQLite: WAL, synchronous=FULL, 200-byte"
        + " rows appended by rowid, 1 or 100 rows per transaction, back to back; 1-row"
        + " transactions once more, each after the thread parked 1 ms (a sequential client's pace). Sequential gRPC calls and ping-pongs: as many as the"
        + " latency scenario's signals (2,000; each after as many warm-up calls), SQLite: half as"
        + " many 1-row and a tenth as many 100-row commits.";
  }

  @Override
  public String limitedBy() {
    return "CPU (gRPC, shared by client and server on the same cores) and fsync latency of the"
        + " disk (SQLite FULL commits).";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    Map<String, Double> m = new LinkedHashMap<>();
    RunnerOptions o = context.options();
    int sequentialCalls = Math.max(100, o.latencySignals());
    int oneRowCommits = Math.max(50, o.latencySignals() / 2);
    int batchCommits = Math.max(10, o.latencySignals() / 10);
    try (GrpcProbe grpc = new GrpcProbe()) {
      m.put(Limits.UNARY_CALLS, grpc.unaryCallsPerSecond(o.warmupPhase(), o.measure()));
      SteadyState.Window blocking = grpc.blockingCalls(o.warmupPhase(), o.measure());
      m.put(Limits.BLOCKING_CALLS, blocking.rate(0));
      m.put(Limits.BLOCKING_CPU_MICROS, ProcessCpu.microsPerOp(blocking, 1, 0));
      m.put(Limits.UNARY_P50, grpc.unarySequential(sequentialCalls).percentileMillis(50));
      m.put(Limits.BIDI_MESSAGES, grpc.bidiMessagesPerSecond(o.warmupPhase(), o.measure()));
      m.put(Limits.BIDI_P50, grpc.bidiPingPong(sequentialCalls).percentileMillis(50));
    }
    LatencyRecorder one = SqliteProbe.commits(context.newDir("sqlite1-"), oneRowCommits, 1);
    m.put(Limits.SQLITE_ONE_ROW, perSecond(one, oneRowCommits));
    m.put(Limits.SQLITE_ONE_ROW_P50, one.percentileMillis(50));
    LatencyRecorder paced =
        SqliteProbe.commits(
            context.newDir("sqlite1-idle-"), oneRowCommits, 1, TimeUnit.MILLISECONDS.toNanos(1));
    m.put(Limits.SQLITE_ONE_ROW_IDLE_P50, paced.percentileMillis(50));
    LatencyRecorder hundred = SqliteProbe.commits(context.newDir("sqlite100-"), batchCommits, 100);
    m.put(Limits.SQLITE_BATCH, perSecond(hundred, batchCommits));
    m.put(Limits.SQLITE_BATCH_P50, hundred.percentileMillis(50));
    return m;
  }

  /** Commits/s from the mean latency of sequential commits. */
  private static double perSecond(LatencyRecorder commits, int count) {
    return count / (commits.totalMillis() / 1e3);
  }

  @Override
  public List<Figure> figures(Map<String, Stats> measured, Limits limits) {
    return List.of(
        Figure.of(
            "async unary gRPC calls/s (64 in flight)", "/s", measured.get(Limits.UNARY_CALLS)),
        Figure.of(
            "blocking unary gRPC calls/s (64 caller threads)",
            "/s",
            measured.get(Limits.BLOCKING_CALLS)),
        Figure.of(
            "  process CPU per blocking unary call (client and server)",
            "us",
            measured.get(Limits.BLOCKING_CPU_MICROS)),
        Figure.of("sequential unary gRPC p50", "ms", measured.get(Limits.UNARY_P50)),
        Figure.of(
            "bidi stream echo msgs/s (1,000 in flight)", "/s", measured.get(Limits.BIDI_MESSAGES)),
        Figure.of("bidi ping-pong round trip p50", "ms", measured.get(Limits.BIDI_P50)),
        Figure.of("SQLite FULL 1-row commits/s", "/s", measured.get(Limits.SQLITE_ONE_ROW)),
        Figure.of("SQLite FULL 1-row commit p50", "ms", measured.get(Limits.SQLITE_ONE_ROW_P50)),
        Figure.of(
            "SQLite FULL 1-row commit p50, each after 1 ms idle",
            "ms",
            measured.get(Limits.SQLITE_ONE_ROW_IDLE_P50)),
        Figure.of("SQLite FULL 100-row commits/s", "/s", measured.get(Limits.SQLITE_BATCH)),
        Figure.of("SQLite FULL 100-row commit p50", "ms", measured.get(Limits.SQLITE_BATCH_P50)));
  }
}
