package io.durableentities.client.internal.telemetry;

import io.durableentities.client.internal.grpc.Identity;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The OpenTelemetry instance a worker or client was built with, and the tracer and meter of this
 * library's instrumentation scope ({@value #SCOPE} at the library's version). Everything that emits
 * spans or metrics on the client side takes them from here.
 */
public final class Telemetry {

  /** The instrumentation scope name of every span and metric this library emits. */
  public static final String SCOPE = "io.durableentities";

  private static final Telemetry NOOP = new Telemetry(OpenTelemetry.noop());

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;
  private final Meter meter;
  private final WorkerMetrics workerMetrics;
  private final ClientMetrics clientMetrics;

  private Telemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.tracer =
        openTelemetry.tracerBuilder(SCOPE).setInstrumentationVersion(Identity.version()).build();
    this.meter =
        openTelemetry.meterBuilder(SCOPE).setInstrumentationVersion(Identity.version()).build();
    this.workerMetrics = new WorkerMetrics(meter);
    this.clientMetrics = new ClientMetrics(meter);
  }

  /**
   * Returns the telemetry of an OpenTelemetry instance.
   *
   * @param openTelemetry the instance
   * @return the telemetry
   */
  public static Telemetry of(OpenTelemetry openTelemetry) {
    return new Telemetry(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Returns the telemetry of {@link GlobalOpenTelemetry#get()}: what an SDK registered globally or
   * the Java agent installed, else a no-op (which {@code get()} then registers as the global
   * instance, so a later {@code GlobalOpenTelemetry.set} fails and names this call).
   *
   * @return the telemetry
   */
  public static Telemetry global() {
    return of(GlobalOpenTelemetry.get());
  }

  /**
   * Returns a telemetry that emits nothing (for tests and internal tools).
   *
   * @return the no-op telemetry
   */
  public static Telemetry noop() {
    return NOOP;
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
   * Starts a span of this library's tracer, a child of the current context.
   *
   * @param type the span type (the {@code durabletask.type} attribute and the name's first part)
   * @param name the name's second part
   * @param kind the span kind
   * @return the started span; end it (or pass it to {@link #within})
   */
  public Span start(String type, String name, SpanKind kind) {
    return tracer
        .spanBuilder(SpanNames.of(type, name))
        .setSpanKind(kind)
        .setAttribute(SpanNames.TYPE, type)
        .startSpan();
  }

  /**
   * Runs a body with a span current, records a {@link RuntimeException} or {@link Error} it throws
   * on the span (status ERROR), and ends the span.
   *
   * @param span the span
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T within(Span span, Supplier<T> body) {
    try (Scope ignored = span.makeCurrent()) {
      return body.get();
    } catch (RuntimeException | Error e) {
      fail(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Marks a span failed with an exception.
   *
   * @param span the span
   * @param failure the exception
   */
  public static void fail(Span span, Throwable failure) {
    span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
    span.recordException(failure);
  }

  /**
   * Returns the worker's metrics, on {@link #meter()}.
   *
   * @return the worker metrics
   */
  public WorkerMetrics workerMetrics() {
    return workerMetrics;
  }

  /**
   * Returns the client's metrics, on {@link #meter()}.
   *
   * @return the client metrics
   */
  public ClientMetrics clientMetrics() {
    return clientMetrics;
  }
}
