package io.durableentities.client.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.internal.grpc.Identity;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TelemetryTest {

  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @Test
  void tracer_emitsToTheGivenInstance_underTheLibraryScopeAndVersion() {
    Telemetry telemetry = Telemetry.of(OTEL.getOpenTelemetry());

    telemetry.tracer().spanBuilder("probe").startSpan().end();

    assertThat(OTEL.getSpans()).hasSize(1);
    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("io.durableentities");
    assertThat(span.getInstrumentationScopeInfo().getVersion()).isEqualTo(Identity.version());
  }

  @Test
  void global_isTheRegisteredInstance() {
    // OpenTelemetryExtension registers its SDK as GlobalOpenTelemetry.
    Telemetry telemetry = Telemetry.global();

    telemetry.tracer().spanBuilder("probe").startSpan().end();

    assertThat(telemetry.openTelemetry().getTracerProvider())
        .isSameAs(GlobalOpenTelemetry.get().getTracerProvider());
    assertThat(OTEL.getSpans()).extracting(SpanData::getName).containsExactly("probe");
  }

  @Test
  void noop_emitsNothing() {
    Telemetry.noop().tracer().spanBuilder("probe").startSpan().end();

    assertThat(OTEL.getSpans()).isEmpty();
  }
}
