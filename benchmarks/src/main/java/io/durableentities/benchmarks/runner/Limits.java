package io.durableentities.benchmarks.runner;

import java.util.Map;

/** The machine limits measured at the start of this run, by key (medians of the repetitions). */
final class Limits {

  /** Async unary gRPC calls/s, 64 in flight, direct executors. */
  static final String UNARY_CALLS = "grpc.unary.async.callsPerSecond";

  /** Blocking unary gRPC calls/s from 64 caller threads, direct executors. */
  static final String BLOCKING_CALLS = "grpc.unary.blocking64.callsPerSecond";

  /** Process CPU microseconds per blocking unary call (64 caller threads, client and server). */
  static final String BLOCKING_CPU_MICROS = "grpc.unary.blocking64.cpuMicrosPerCall";

  /** Sequential unary gRPC call p50 in ms, direct executors. */
  static final String UNARY_P50 = "grpc.unary.sequential.p50Millis";

  /** Bidi stream echo messages/s, 1,000 in flight, direct executors. */
  static final String BIDI_MESSAGES = "grpc.bidi.echo.messagesPerSecond";

  /** Bidi stream ping-pong round trip p50 in ms (one in flight). */
  static final String BIDI_P50 = "grpc.bidi.pingPong.p50Millis";

  /** SQLite one-row commits/s at synchronous=FULL. */
  static final String SQLITE_ONE_ROW = "sqlite.full.oneRow.commitsPerSecond";

  /** SQLite one-row commit p50 in ms at synchronous=FULL. */
  static final String SQLITE_ONE_ROW_P50 = "sqlite.full.oneRow.p50Millis";

  /**
   * SQLite one-row commit p50 in ms at synchronous=FULL, each commit after 1 ms idle (the pace of a
   * sequential client).
   */
  static final String SQLITE_ONE_ROW_IDLE_P50 = "sqlite.full.oneRow.afterIdle.p50Millis";

  /** SQLite 100-row commits/s at synchronous=FULL. */
  static final String SQLITE_BATCH = "sqlite.full.hundredRows.commitsPerSecond";

  /** SQLite 100-row commit p50 in ms at synchronous=FULL. */
  static final String SQLITE_BATCH_P50 = "sqlite.full.hundredRows.p50Millis";

  private final Map<String, Stats> measured;

  Limits(Map<String, Stats> measured) {
    this.measured = Map.copyOf(measured);
  }

  /** The median of a limit, or NaN when it was not measured. */
  double median(String key) {
    Stats s = measured.get(key);
    return s == null ? Double.NaN : s.median();
  }
}
