package io.durableentities.benchmarks.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits of the machine the run is on, measured first in every run: async unary gRPC calls/s
 * and a bidi stream's messages/s with direct executors, one-row and 100-row SQLite commits/s at
 * {@code synchronous=FULL}.
 */
final class MachineLimits implements Scenario {

  private static final int SEQUENTIAL_CALLS = 2000;
  private static final int ONE_ROW_COMMITS = 1000;
  private static final int BATCH_COMMITS = 200;

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
        + " both; unary with 64 calls in flight, one bidi stream with 1,000 messages in flight,"
        + " sequential unary and bidi ping-pong for p50. SQLite: WAL, synchronous=FULL, 200-byte"
        + " rows appended by rowid, 1 or 100 rows per transaction.";
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
    try (GrpcProbe grpc = new GrpcProbe()) {
      m.put(Limits.UNARY_CALLS, grpc.unaryCallsPerSecond(o.warmup(), o.measure()));
      m.put(Limits.UNARY_P50, grpc.unarySequential(SEQUENTIAL_CALLS).percentileMillis(50));
      m.put(Limits.BIDI_MESSAGES, grpc.bidiMessagesPerSecond(o.warmup(), o.measure()));
      m.put(Limits.BIDI_P50, grpc.bidiPingPong(SEQUENTIAL_CALLS).percentileMillis(50));
    }
    LatencyRecorder one = SqliteProbe.commits(context.newDir("sqlite1-"), ONE_ROW_COMMITS, 1);
    m.put(Limits.SQLITE_ONE_ROW, perSecond(one, ONE_ROW_COMMITS));
    m.put(Limits.SQLITE_ONE_ROW_P50, one.percentileMillis(50));
    LatencyRecorder hundred = SqliteProbe.commits(context.newDir("sqlite100-"), BATCH_COMMITS, 100);
    m.put(Limits.SQLITE_BATCH, perSecond(hundred, BATCH_COMMITS));
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
        Figure.of("sequential unary gRPC p50", "ms", measured.get(Limits.UNARY_P50)),
        Figure.of(
            "bidi stream echo msgs/s (1,000 in flight)", "/s", measured.get(Limits.BIDI_MESSAGES)),
        Figure.of("bidi ping-pong round trip p50", "ms", measured.get(Limits.BIDI_P50)),
        Figure.of("SQLite FULL 1-row commits/s", "/s", measured.get(Limits.SQLITE_ONE_ROW)),
        Figure.of("SQLite FULL 1-row commit p50", "ms", measured.get(Limits.SQLITE_ONE_ROW_P50)),
        Figure.of("SQLite FULL 100-row commits/s", "/s", measured.get(Limits.SQLITE_BATCH)),
        Figure.of("SQLite FULL 100-row commit p50", "ms", measured.get(Limits.SQLITE_BATCH_P50)));
  }
}
