package io.durableentities.benchmarks.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The soak's samples, in time order. Each sample is appended to the CSV file as it is taken, so a
 * run that ends early still leaves its series; the JSON file is written at the end.
 */
final class SoakSeries {

  /** The phase a sample was taken in. */
  enum Phase {
    /** Signals to the distinct entities, one each. */
    FILL,
    /** The steady load: signals over the rolling working set and orchestrations. */
    STEADY,
    /** The load stopped; what was sent is being applied. */
    DRAIN
  }

  /**
   * One sample.
   *
   * @param seconds since the scheduler process started
   * @param phase the phase
   * @param heapAfterGcMib the scheduler's heap right after its last collection (NaN before one)
   * @param rssMib the scheduler process's resident set size
   * @param appliedPerSecond signals applied since the previous sample, per second
   * @param orchestrationsPerSecond orchestrations finished since the previous sample, per second
   * @param residentEntities the entities the scheduler holds in memory
   * @param databaseMib the data directory's files
   * @param applied signals applied since the start
   * @param orchestrations orchestrations finished since the start
   * @param collections the scheduler's collections since it started
   * @param collectionSeconds time its collections took since it started
   */
  record Sample(
      double seconds,
      Phase phase,
      double heapAfterGcMib,
      double rssMib,
      double appliedPerSecond,
      double orchestrationsPerSecond,
      long residentEntities,
      double databaseMib,
      long applied,
      long orchestrations,
      long collections,
      double collectionSeconds) {}

  static final String CSV_HEADER =
      "seconds,phase,heap_after_gc_mib,rss_mib,applied_per_s,orchestrations_per_s,"
          + "resident_entities,database_mib,applied_total,orchestrations_total,gc_count,gc_seconds";

  private final Path csv;
  private final List<Sample> samples = new ArrayList<>();

  /** A new series written to {@code csv} (replaced). */
  SoakSeries(Path csv) throws IOException {
    this.csv = csv;
    Files.createDirectories(csv.toAbsolutePath().getParent());
    Files.writeString(csv, CSV_HEADER + System.lineSeparator());
  }

  /** Adds a sample and appends it to the CSV file. */
  synchronized void add(Sample s) throws IOException {
    samples.add(s);
    String line =
        String.format(
            Locale.ROOT,
            "%.1f,%s,%.1f,%.1f,%.1f,%.1f,%d,%.2f,%d,%d,%d,%.2f%n",
            s.seconds(),
            s.phase().name().toLowerCase(Locale.ROOT),
            s.heapAfterGcMib(),
            s.rssMib(),
            s.appliedPerSecond(),
            s.orchestrationsPerSecond(),
            s.residentEntities(),
            s.databaseMib(),
            s.applied(),
            s.orchestrations(),
            s.collections(),
            s.collectionSeconds());
    Files.writeString(csv, line, StandardOpenOption.APPEND);
  }

  /** The samples so far. */
  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The last sample. */
  synchronized Sample last() {
    if (samples.isEmpty()) {
      throw new IllegalStateException("the soak took no sample");
    }
    return samples.get(samples.size() - 1);
  }

  /** Writes the samples and the run's settings as JSON. */
  void writeJson(Path file, Map<String, Object> settings) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(file.toFile(), Map.of("settings", settings, "samples", samples()));
  }

  /** The largest value of a quantity over the samples (NaN values skipped; NaN when none). */
  double max(ToDoubleFunction<Sample> value) {
    return samples().stream().mapToDouble(value).filter(Double::isFinite).max().orElse(Double.NaN);
  }

  /**
   * The least-squares slope of a quantity per minute over the samples in [from, to) seconds (NaN
   * values skipped; NaN with fewer than 3).
   */
  double slopePerMinute(ToDoubleFunction<Sample> value, double from, double to) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample s : samples()) {
      double y = value.applyAsDouble(s);
      if (s.seconds() >= from && s.seconds() < to && Double.isFinite(y)) {
        double x = s.seconds() / 60;
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
    }
    double d = n * sxx - sx * sx;
    return n < 3 || d == 0 ? Double.NaN : (n * sxy - sx * sy) / d;
  }

  /**
   * Signals applied per second between the first sample at or after {@code from} and the last at or
   * before {@code to} (NaN when they are not two distinct samples).
   */
  double appliedRate(double from, double to) {
    Sample a = null;
    Sample b = null;
    for (Sample s : samples()) {
      if (a == null && s.seconds() >= from) {
        a = s;
      }
      if (s.seconds() <= to) {
        b = s;
      }
    }
    if (a == null || b == null || b.seconds() <= a.seconds()) {
      return Double.NaN;
    }
    return (b.applied() - a.applied()) / (b.seconds() - a.seconds());
  }

  /** The last sample at or before {@code seconds}, or the first sample when none is. */
  Sample at(double seconds) {
    List<Sample> all = samples();
    Sample found = all.get(0);
    for (Sample s : all) {
      if (s.seconds() <= seconds) {
        found = s;
      }
    }
    return found;
  }
}
