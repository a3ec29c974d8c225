// Interop check: the official Durable Task JavaScript SDK runs orchestrations, activities and
// entities that its own worker hosts, against a scheduler at DURABLE_HOST (host:port, plaintext):
// function chaining, fan-out/fan-in of 20 activities, a durable timer, an external event, a
// sub-orchestration, an orchestration that calls and signals a counter entity, and 20 concurrent
// locked transfers between four account entities in both directions (all complete, so no
// deadlock; the total is conserved; no account stays locked).
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import { EntityInstanceId, TaskEntity, whenAll } from "@microsoft/durabletask-js";
import {
  AccountEntity,
  account,
  balance,
  connect,
  ended,
  expect,
  lockedAccounts,
  run,
  transfer,
  waitFor,
} from "./common.mjs";

const runId = `js${process.pid}`;

class CounterEntity extends TaskEntity {
  initializeState() {
    return 0;
  }
  add(amount) {
    this.state += amount;
    return this.state;
  }
  get() {
    return this.state;
  }
}

const increment = async (_ctx, x) => x + 1;
const square = async (_ctx, x) => x * x;

async function* chain(ctx, input) {
  let x = yield ctx.callActivity(increment, input);
  x = yield ctx.callActivity(increment, x);
  x = yield ctx.callActivity(increment, x);
  return x;
}

async function* fanOut(ctx, n) {
  const tasks = [];
  for (let i = 0; i < n; i++) {
    tasks.push(ctx.callActivity(square, i));
  }
  const results = yield whenAll(tasks);
  return results.reduce((a, b) => a + b, 0);
}

async function* sleeper(ctx, seconds) {
  const before = ctx.currentUtcDateTime.getTime();
  yield ctx.createTimer(new Date(before + seconds * 1000));
  return ctx.currentUtcDateTime.getTime() - before;
}

async function* approval(ctx) {
  const answer = yield ctx.waitForExternalEvent("approve");
  return `approved:${answer}`;
}

async function* parent(ctx, input) {
  const child = yield ctx.callSubOrchestrator(chain, input);
  return child * 2;
}

async function* counterUser(ctx, key) {
  const id = new EntityInstanceId("counter", key);
  ctx.entities.signalEntity(id, "add", 5);
  const afterAdd = yield ctx.entities.callEntity(id, "add", 3);
  const value = yield ctx.entities.callEntity(id, "get");
  return { afterAdd, value };
}

const { worker, client } = connect();
for (const o of [chain, fanOut, sleeper, approval, parent, counterUser, transfer]) {
  worker.addOrchestrator(o);
}
worker.addActivity(increment);
worker.addActivity(square);
worker.addNamedEntity("counter", () => new CounterEntity());
worker.addNamedEntity("account", () => new AccountEntity());
const complete = (id) => ended(client, id);

await run(worker, client, async () => {
  const passed = [];

  const ids = {
    chain: await client.scheduleNewOrchestration(chain, 1, `${runId}-chain`),
    fanOut: await client.scheduleNewOrchestration(fanOut, 20, `${runId}-fanout`),
    timer: await client.scheduleNewOrchestration(sleeper, 1, `${runId}-timer`),
    event: await client.scheduleNewOrchestration(approval, undefined, `${runId}-event`),
    sub: await client.scheduleNewOrchestration(parent, 10, `${runId}-sub`),
    entity: await client.scheduleNewOrchestration(counterUser, `${runId}`, `${runId}-entity`),
  };
  await client.waitForOrchestrationStart(ids.event, false, 120);
  await client.raiseOrchestrationEvent(ids.event, "approve", "yes");

  passed.push(expect("chain", await complete(ids.chain), 4));
  passed.push(expect("fanOut", await complete(ids.fanOut), 2470));
  const slept = await complete(ids.timer);
  if (!(slept >= 1000)) {
    throw new Error(`timer: the orchestration clock moved ${slept} ms, expected >= 1000`);
  }
  passed.push(`timer>=1000ms`);
  passed.push(expect("event", await complete(ids.event), "approved:yes"));
  passed.push(expect("sub", await complete(ids.sub), 26));
  passed.push(expect("entity", await complete(ids.entity), { afterAdd: 8, value: 8 }));

  // 20 concurrent locked transfers between four accounts, every pair in both directions.
  const keys = [0, 1, 2, 3].map((i) => `${runId}-acct${i}`);
  for (const key of keys) {
    await client.signalEntity(account(key), "deposit", 100);
  }
  await waitFor("every account to hold 100", async () => {
    for (const key of keys) {
      if ((await balance(client, key)) !== 100) {
        return undefined;
      }
    }
    return true;
  });
  const pairs = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = 0; j < keys.length; j++) {
      if (i !== j) {
        pairs.push([keys[i], keys[j]]);
      }
    }
  }
  const transfers = [];
  for (let t = 0; t < 20; t++) {
    const [from, to] = pairs[t % pairs.length];
    transfers.push(
      await client.scheduleNewOrchestration(
        transfer,
        { from, to, amount: t + 1 },
        `${runId}-transfer-${t}`,
      ),
    );
  }
  const moved = await Promise.all(transfers.map(complete));
  const balances = [];
  for (const key of keys) {
    balances.push(await balance(client, key));
  }
  const total = balances.reduce((a, b) => a + b, 0);
  if (total !== 400) {
    throw new Error(`transfers: total not conserved: ${balances.join("+")}=${total}`);
  }
  const stillLocked = await lockedAccounts(client, keys);
  if (stillLocked.length > 0) {
    throw new Error(`transfers: entities still locked: ${stillLocked.join(", ")}`);
  }
  passed.push(
    `transfers=${moved.length}/20 completed, ${moved.filter((m) => m).length} moved,` +
      ` balances ${balances.join("+")}=400`,
  );
  return passed;
});
