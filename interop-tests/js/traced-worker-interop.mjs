// Trace propagation check, the other way round from tracing-interop.mjs: OUR Java client, inside
// an application span, starts the "Greet" orchestration (TracedJsWorkerIT) before this script
// runs; the official Durable Task JavaScript SDK's worker, with @opentelemetry/api and an
// in-memory exporter, runs it here. The SDK parents its orchestration span on
// ExecutionStartedEvent.parentTraceContext, which our scheduler filled from our client's
// CreateInstanceRequest.parentTraceContext. Waits for INSTANCE_ID to complete and prints
// "INTEROP OK trace=<trace id> parent=<parent span id> ..." of the SDK's orchestration:Greet span
// for the Java side to compare with its own; or prints the failure and exits 1.
import { context, trace } from "@opentelemetry/api";
import { AsyncHooksContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { connect, ended, expect, run, waitFor } from "./common.mjs";

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
context.setGlobalContextManager(new AsyncHooksContextManager().enable());

const instanceId = process.env.INSTANCE_ID;

// eslint-disable-next-line require-yield
async function* greet(ctx, name) {
  return `hello ${name}`;
}

const { worker, client } = connect();
worker.addNamedOrchestrator("Greet", greet);

await run(worker, client, async () => {
  const words = [expect("output", await ended(client, instanceId), "hello world")];
  const spans = await waitFor("the orchestration:Greet span", () => {
    const found = exporter.getFinishedSpans().filter((s) => s.name === "orchestration:Greet");
    return found.length > 0 ? found : undefined;
  });
  const traces = [...new Set(spans.map((s) => s.spanContext().traceId))];
  const parents = [...new Set(spans.map((s) => s.parentSpanContext?.spanId))];
  if (traces.length !== 1 || parents.length !== 1) {
    throw new Error(
      `orchestration:Greet spans in several traces or under several parents: ${traces} ${parents}`,
    );
  }
  return [`trace=${traces[0]}`, `parent=${parents[0]}`, `spans=${spans.length}`, ...words];
});
