// Wire-evidence scenario (WireEvidenceIT): the official Durable Task JavaScript SDK runs the same
// steps as our client and worker (WireScenario.java), against a scheduler at DURABLE_HOST that
// records every request it receives (--record-requests), so that the test can compare what each
// puts on the wire. Steps: signal two accounts, get one, query them, clean entity storage, run a
// transfer that locks both accounts and calls them, start a waiter (which calls an activity),
// raise an event to it, terminate it, purge both instances. Names are suffixed with RUN_ID.
// The client's calls run inside an OpenTelemetry span (as our client's do in the Java scenario),
// so that the SDK sends the trace context it sends when tracing is on.
// With DURABLE_TLS_CA and DURABLE_TOKEN it runs over TLS with a bearer token (common.mjs).
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import { context, trace } from "@opentelemetry/api";
import { AsyncHooksContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { OrchestrationStatus } from "@microsoft/durabletask-js";
import {
  AccountEntity,
  account,
  balance,
  connect,
  ended,
  expect,
  run,
  transfer,
  waitFor,
} from "./common.mjs";

const runId = process.env.RUN_ID ?? `js-${process.pid}`;

trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] }),
);
context.setGlobalContextManager(new AsyncHooksContextManager().enable());

const hello = async (_ctx, name) => `hello ${name}`;

async function* waiter(ctx) {
  yield ctx.callActivity(hello, "wire");
  const first = yield ctx.waitForExternalEvent("approve");
  yield ctx.waitForExternalEvent("never");
  return first;
}

const { worker, client } = connect();
worker.addOrchestrator(transfer);
worker.addOrchestrator(waiter);
worker.addActivity(hello);
worker.addNamedEntity("account", () => new AccountEntity());

async function steps() {
  const [from, to] = [`${runId}-from`, `${runId}-to`];
  await client.signalEntity(account(from), "deposit", 100);
  await client.signalEntity(account(to), "deposit", 1);
  const passed = [
    expect("from", await waitFor("the deposit", async () => balance(client, from)), 100),
  ];

  const found = [];
  for await (const e of client.getEntities({ instanceIdStartsWith: `account@${runId}-` })) {
    found.push(e.id.key);
  }
  passed.push(`query=${found.length}`);
  const cleaned = await client.cleanEntityStorage({
    removeEmptyEntities: true,
    releaseOrphanedLocks: true,
  });
  passed.push(`cleaned=${cleaned.emptyEntitiesRemoved}`);

  const transferId = await client.scheduleNewOrchestration(
    transfer,
    { from, to, amount: 30 },
    `${runId}-transfer`,
  );
  passed.push(expect("moved", await ended(client, transferId), true));

  const waiterId = await client.scheduleNewOrchestration(waiter, undefined, `${runId}-waiter`);
  await client.waitForOrchestrationStart(waiterId, false, 60);
  await client.raiseOrchestrationEvent(waiterId, "approve", "yes");
  await client.terminateOrchestration(waiterId, "stopped");
  passed.push(
    expect("terminated", await ended(client, waiterId, OrchestrationStatus.TERMINATED), "stopped"),
  );

  for (const id of [transferId, waiterId]) {
    const purged = await client.purgeOrchestration(id);
    passed.push(expect(`purged ${id}`, purged?.deletedInstanceCount, 1));
  }
  return passed;
}

await run(worker, client, () =>
  trace.getTracer("wire-scenario").startActiveSpan("wire-scenario", async (span) => {
    try {
      return await steps();
    } finally {
      span.end();
    }
  }),
);
