package io.durableentities.benchmarks.runner;

import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a repetition gets from the runner: the options and fresh data directories under the run's
 * temporary folder.
 *
 * @param options the run's options
 * @param scratch the run's temporary folder, deleted at the end
 */
record RunContext(RunnerOptions options, Path scratch, OpenTelemetry openTelemetry) {

  /** A context whose product runs without an OpenTelemetry SDK (the API's no-op). */
  RunContext(RunnerOptions options, Path scratch) {
    this(options, scratch, OpenTelemetry.noop());
  }

  /**
   * The same context, its product (scheduler, worker, client) sending telemetry to {@code otel}.
   */
  RunContext withOpenTelemetry(OpenTelemetry otel) {
    return new RunContext(options, scratch, otel);
  }

  /** A new empty directory for one scheduler's data or one probe's database. */
  Path newDir(String prefix) {
    try {
      return Files.createTempDirectory(scratch, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a data directory in " + scratch, e);
    }
  }

  /** Logs progress to stderr, so the table on stdout stays clean. */
  void log(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
