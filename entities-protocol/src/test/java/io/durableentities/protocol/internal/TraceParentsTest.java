package io.durableentities.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

/** The contract's W3C trace-context fields, read and written in both directions. */
class TraceParentsTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  @Test
  void wire_thenParent_givesTheSameSpanContext_withItsTraceState() {
    SpanContext span =
        SpanContext.create(
            TRACE_ID,
            SPAN_ID,
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "x").build());

    TraceContext wire = TraceParents.wire(span);

    assertThat(wire.getTraceParent()).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
    assertThat(wire.getTraceState()).isEqualTo(StringValue.of("vendor=x"));
    SpanContext read = Span.fromContext(TraceParents.parent(wire)).getSpanContext();
    assertThat(read.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(read.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(read.isRemote()).isTrue();
    assertThat(read.getTraceState().get("vendor")).isEqualTo("x");
  }

  @Test
  void missingOrMalformed_namesNoParent() {
    assertThat(TraceParents.present(null)).isFalse();
    assertThat(TraceParents.parent(TraceContext.getDefaultInstance())).isNull();
    assertThat(
            TraceParents.parent(TraceContext.newBuilder().setTraceParent("00-nonsense-01").build()))
        .isNull();
    assertThat(TraceParents.spanContext(null).isValid()).isFalse();
    assertThat(TraceParents.wire(SpanContext.getInvalid())).isNull();
  }
}
