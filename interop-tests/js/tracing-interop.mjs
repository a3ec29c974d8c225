// Trace propagation check: the official Durable Task JavaScript SDK's client, inside an active
// OpenTelemetry span, starts the "Transfer" orchestration that OUR Java worker hosts (started by the
// Java test, TracingFromJsSdkIT), through the scheduler at DURABLE_HOST. With @opentelemetry/api
// installed the SDK opens a create_orchestration span under the active span and sends its W3C
// context in CreateInstanceRequest.parentTraceContext. Transfers AMOUNT from account FROM_KEY to
// TO_KEY (the test funds FROM_KEY) under INSTANCE_ID, waits for completion, and prints
// "INTEROP OK trace=<trace id> request=<span id> create=<create_orchestration span id> ..."
// for the Java side to find in its worker's spans; or prints the failure and exits 1.
import { context, trace } from "@opentelemetry/api";
import { AsyncHooksContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { TaskHubGrpcClient } from "@microsoft/durabletask-js";
import { connectionOptions, ended, expect } from "./common.mjs";

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
context.setGlobalContextManager(new AsyncHooksContextManager().enable());

const [from, to, amount, instanceId] = [
  process.env.FROM_KEY,
  process.env.TO_KEY,
  Number(process.env.AMOUNT),
  process.env.INSTANCE_ID,
];
const client = new TaskHubGrpcClient(connectionOptions());
let exitCode = 0;
try {
  const request = await trace
    .getTracer("interop")
    .startActiveSpan("js-request", async (span) => {
      try {
        await client.scheduleNewOrchestration("Transfer", { from, to, amount }, instanceId);
        return span;
      } finally {
        span.end();
      }
    });
  const words = [expect("output", await ended(client, instanceId), 100 - amount)];
  const create = exporter
    .getFinishedSpans()
    .filter((s) => s.name === "create_orchestration:Transfer");
  if (create.length !== 1) {
    throw new Error(
      `expected one create_orchestration:Transfer span, got ` +
        JSON.stringify(exporter.getFinishedSpans().map((s) => s.name)),
    );
  }
  const ids = request.spanContext();
  words.push(expect("createTrace", create[0].spanContext().traceId, ids.traceId));
  words.push(expect("createParent", create[0].parentSpanContext?.spanId, ids.spanId));
  console.log(
    `INTEROP OK trace=${ids.traceId} request=${ids.spanId}` +
      ` create=${create[0].spanContext().spanId} ${words.join(" ")}`,
  );
} catch (e) {
  console.error(`INTEROP FAILED: ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  client.stop?.();
}
process.exit(exitCode);
