package io.durableentities.testfixtures;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Finds spans by name among those an in-memory exporter holds, for the tracing tests: {@code new
 * ExportedSpans(OTEL::getSpans)} over an {@code OpenTelemetryExtension}, or over an {@code
 * InMemorySpanExporter}'s finished spans. Reads the exporter afresh on every call.
 */
public final class ExportedSpans {

  private final Supplier<List<SpanData>> spans;

  /**
   * Lookups over the spans a supplier returns.
   *
   * @param spans the exported spans, read on each call
   */
  public ExportedSpans(Supplier<List<SpanData>> spans) {
    this.spans = Objects.requireNonNull(spans, "spans");
  }

  /**
   * The spans with this name, in export order.
   *
   * @param name the span name
   * @return the spans, possibly none
   */
  public List<SpanData> named(String name) {
    return spans.get().stream().filter(s -> s.getName().equals(name)).toList();
  }

  /**
   * The spans whose name starts with a prefix (such as {@code call_entity:}), in export order.
   *
   * @param prefix the start of the name
   * @return the spans, possibly none
   */
  public List<SpanData> startingWith(String prefix) {
    return spans.get().stream().filter(s -> s.getName().startsWith(prefix)).toList();
  }

  /**
   * The one span with this name.
   *
   * @param name the span name
   * @return the span
   * @throws AssertionError when there is none or more than one, naming every span exported
   */
  public SpanData single(String name) {
    List<SpanData> found = named(name);
    if (found.size() != 1) {
      throw new AssertionError(
          "Expected one span named "
              + name
              + " but found "
              + found.size()
              + " among: "
              + spans.get().stream().map(SpanData::getName).collect(Collectors.joining(", ")));
    }
    return found.get(0);
  }
}
