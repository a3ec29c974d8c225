// Interop check: the official Durable Task JavaScript SDK's client restarts and rewinds
// orchestrations that its own worker runs, against a scheduler at DURABLE_HOST (host:port,
// plaintext), through the scheduler's RestartInstance and RewindInstance:
// - restartOrchestration under the same id and under a new one runs a finished instance again
//   from its input; under the same id, a running instance is refused;
// - rewindInstance resumes a failed instance: the activity that failed runs again and the one that
//   had completed does not; a failed sub-orchestration is rewound with its parent; rewinding a
//   completed instance is refused.
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import { OrchestrationStatus } from "@microsoft/durabletask-js";
import { connect, ended, expect, run } from "./common.mjs";

const runId = `js${process.pid}`;

/** Instances whose "flaky" activity fails until the script repairs them. */
const broken = new Set();
/** How often each activity ran, per order: "order/activity" to count. */
const runs = new Map();
const count = (order, activity) => {
  const key = `${order}/${activity}`;
  runs.set(key, (runs.get(key) ?? 0) + 1);
};
const runsOf = (order, activity) => runs.get(`${order}/${activity}`) ?? 0;

const prepare = async (_ctx, order) => {
  count(order, "prepare");
  return order;
};
const flaky = async (_ctx, order) => {
  count(order, "flaky");
  if (broken.has(order)) {
    throw new Error(`downstream is down for ${order}`);
  }
  return `${order} sent`;
};

async function* pipeline(ctx, order) {
  const prepared = yield ctx.callActivity(prepare, order);
  return yield ctx.callActivity(flaky, prepared);
}

async function* pipelineParent(ctx, order) {
  const first = yield ctx.callActivity(prepare, `${order}-parent`);
  const child = yield ctx.callSubOrchestrator(pipeline, order, { instanceId: `${ctx.instanceId}-child` });
  return `${first} / ${child}`;
}

async function* waitForGo(ctx) {
  return yield ctx.waitForExternalEvent("go");
}

/** Runs the call and returns the error it threw, or fails when it did not throw. */
async function refused(what, call) {
  try {
    await call();
  } catch (e) {
    return `${e?.message ?? e} ${e?.cause?.details ?? ""}`;
  }
  throw new Error(`${what}: expected a refusal, but the call succeeded`);
}

const { worker, client } = connect();
for (const o of [pipeline, pipelineParent, waitForGo]) {
  worker.addOrchestrator(o);
}
worker.addActivity(prepare);
worker.addActivity(flaky);
const failed = (id) => ended(client, id, OrchestrationStatus.FAILED);

await run(worker, client, async () => {
  const passed = [];

  // Restart under the same id and under a new one.
  const restartId = `${runId}-restart`;
  await client.scheduleNewOrchestration(pipeline, `${runId}-r`, restartId);
  expect("first run", await ended(client, restartId), `${runId}-r sent`);
  const again = await client.restartOrchestration(restartId, false);
  expect("restart id", again, restartId);
  passed.push(expect("restarted", await ended(client, again), `${runId}-r sent`));
  const copy = await client.restartOrchestration(restartId, true);
  if (copy === restartId || !copy) {
    throw new Error(`restart with a new id: got '${copy}'`);
  }
  passed.push(expect("copy", await ended(client, copy), `${runId}-r sent`));
  expect("prepare runs after two restarts", runsOf(`${runId}-r`, "prepare"), 3);

  // Restart of a running instance under its own id.
  const runningId = `${runId}-running`;
  await client.scheduleNewOrchestration(waitForGo, undefined, runningId);
  await client.waitForOrchestrationStart(runningId, false, 120);
  const why = await refused("restart of a running instance", () =>
    client.restartOrchestration(runningId, false),
  );
  if (!why.includes("cannot be restarted") || !why.includes("RUNNING")) {
    throw new Error(`restart of a running instance: unexpected refusal: ${why}`);
  }
  await client.raiseOrchestrationEvent(runningId, "go", "went");
  expect("running instance after the refusal", await ended(client, runningId), "went");
  passed.push("restartRunning=refused");

  // Rewind of a failed activity.
  const order = `${runId}-a`;
  broken.add(order);
  await client.scheduleNewOrchestration(pipeline, order, `${runId}-rewind`);
  await failed(`${runId}-rewind`);
  broken.delete(order);
  await client.rewindInstance(`${runId}-rewind`, "downstream repaired");
  passed.push(expect("rewound", await ended(client, `${runId}-rewind`), `${order} sent`));
  expect("prepare runs", runsOf(order, "prepare"), 1);
  expect("flaky runs", runsOf(order, "flaky"), 2);

  // Rewind of a failed sub-orchestration, through its parent.
  const childOrder = `${runId}-c`;
  broken.add(childOrder);
  await client.scheduleNewOrchestration(pipelineParent, childOrder, `${runId}-parent`);
  await failed(`${runId}-parent`);
  broken.delete(childOrder);
  await client.rewindInstance(`${runId}-parent`, "child repaired");
  passed.push(
    expect(
      "rewoundParent",
      await ended(client, `${runId}-parent`),
      `${childOrder}-parent / ${childOrder} sent`,
    ),
  );
  expect("parent prepare runs", runsOf(`${childOrder}-parent`, "prepare"), 1);
  expect("child prepare runs", runsOf(childOrder, "prepare"), 1);
  expect("child flaky runs", runsOf(childOrder, "flaky"), 2);

  // Rewind of an instance that did not fail.
  const notFailed = await refused("rewind of a completed instance", () =>
    client.rewindInstance(restartId, "why not"),
  );
  if (!notFailed.includes("only a FAILED orchestration can be rewound")) {
    throw new Error(`rewind of a completed instance: unexpected refusal: ${notFailed}`);
  }
  passed.push("rewindCompleted=refused");
  return passed;
});
