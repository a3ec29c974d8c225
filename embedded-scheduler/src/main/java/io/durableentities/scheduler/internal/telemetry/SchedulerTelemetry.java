package io.durableentities.scheduler.internal.telemetry;

import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * The OpenTelemetry instance a scheduler runs with ({@link SchedulerOptions#openTelemetry()}, else
 * {@link GlobalOpenTelemetry#get()}), and the tracer and meter of this library's instrumentation
 * scope ({@value #SCOPE} at the scheduler's version). Everything in the scheduler that emits spans
 * or metrics takes them from here.
 */
public final class SchedulerTelemetry {

  /** The instrumentation scope name of every span and metric this library emits. */
  public static final String SCOPE = "io.durableentities";

  private static final String VERSION = readVersion();

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final Meter meter;

  private SchedulerTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer = openTelemetry.tracerBuilder(SCOPE).setInstrumentationVersion(VERSION).build();
    this.meter = openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(VERSION).build();
  }

  /**
   * Returns the telemetry of the options' OpenTelemetry instance, or of {@link
   * GlobalOpenTelemetry#get()} when they name none.
   *
   * @param options the scheduler's options
   * @return the telemetry
   */
  public static SchedulerTelemetry of(SchedulerOptions options) {
    return new SchedulerTelemetry(options.openTelemetry().orElseGet(GlobalOpenTelemetry::get));
  }

  /**
   * Returns the telemetry of an OpenTelemetry instance.
   *
   * @param openTelemetry the instance
   * @return the telemetry
   */
  public static SchedulerTelemetry of(OpenTelemetry openTelemetry) {
    return new SchedulerTelemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Returns the OpenTelemetry instance.
   *
   * @return the instance
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Returns the tracer of scope {@value #SCOPE}.
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * Returns the meter of scope {@value #SCOPE}.
   *
   * @return the meter
   */
  public Meter meter() {
    return meter;
  }

  /**
   * Returns the scheduler's version, or {@code unknown}.
   *
   * @return the version
   */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in = SchedulerTelemetry.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        String version = properties.getProperty("version", "");
        if (!version.isEmpty() && !version.startsWith("$")) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }
}
