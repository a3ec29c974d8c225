// Interop check: the official Durable Task JavaScript SDK runs orchestrations, activities and
// entities that its own worker hosts, against a scheduler at DURABLE_HOST (host:port, plaintext):
// function chaining, fan-out/fan-in of 20 activities, a durable timer, an external event, a
// sub-orchestration, an orchestration that calls and signals a counter entity, and 10 concurrent
// locked transfers between two account entities in both directions (the total is conserved).
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import {
  EntityInstanceId,
  NoOpLogger,
  OrchestrationStatus,
  TaskEntity,
  TaskHubGrpcClient,
  TaskHubGrpcWorker,
  whenAll,
} from "@microsoft/durabletask-js";

const host = process.env.DURABLE_HOST;
if (!host) {
  console.error("DURABLE_HOST (host:port of the scheduler) is not set");
  process.exit(2);
}
const deadlineMs = Number(process.env.INTEROP_DEADLINE_MS ?? 120000);
const run = `js${process.pid}`;

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

class AccountEntity extends TaskEntity {
  initializeState() {
    return 0;
  }
  deposit(amount) {
    this.state += amount;
  }
  withdraw(amount) {
    if (amount > this.state) {
      throw new Error(`insufficient funds: ${this.state} < ${amount}`);
    }
    this.state -= amount;
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

async function* transfer(ctx, { from, to, amount }) {
  const a = new EntityInstanceId("account", from);
  const b = new EntityInstanceId("account", to);
  const lock = yield ctx.entities.lockEntities(a, b);
  let moved = false;
  try {
    const balance = yield ctx.entities.callEntity(a, "get");
    if (balance >= amount) {
      yield ctx.entities.callEntity(a, "withdraw", amount);
      yield ctx.entities.callEntity(b, "deposit", amount);
      moved = true;
    }
  } finally {
    lock.release();
  }
  return moved;
}

async function waitFor(what, probe) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > until) {
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const logger = new NoOpLogger();
const worker = new TaskHubGrpcWorker({ hostAddress: host, logger });
for (const o of [chain, fanOut, sleeper, approval, parent, counterUser, transfer]) {
  worker.addOrchestrator(o);
}
worker.addActivity(increment);
worker.addActivity(square);
worker.addNamedEntity("counter", () => new CounterEntity());
worker.addNamedEntity("account", () => new AccountEntity());
const client = new TaskHubGrpcClient({ hostAddress: host, logger });

async function complete(id) {
  const state = await client.waitForOrchestrationCompletion(id, true, deadlineMs / 1000);
  if (!state) {
    throw new Error(`${id}: no state`);
  }
  if (state.runtimeStatus !== OrchestrationStatus.COMPLETED) {
    throw new Error(
      `${id}: status ${state.runtimeStatus}, failure ${JSON.stringify(state.failureDetails)}`,
    );
  }
  return JSON.parse(state.serializedOutput);
}

function expect(what, actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return `${what}=${JSON.stringify(actual)}`;
}

async function balance(key) {
  const e = await client.getEntity(new EntityInstanceId("account", key), true);
  return e?.state;
}

let exitCode = 0;
try {
  await worker.start();
  const passed = [];

  const ids = {
    chain: await client.scheduleNewOrchestration(chain, 1, `${run}-chain`),
    fanOut: await client.scheduleNewOrchestration(fanOut, 20, `${run}-fanout`),
    timer: await client.scheduleNewOrchestration(sleeper, 1, `${run}-timer`),
    event: await client.scheduleNewOrchestration(approval, undefined, `${run}-event`),
    sub: await client.scheduleNewOrchestration(parent, 10, `${run}-sub`),
    entity: await client.scheduleNewOrchestration(counterUser, `${run}`, `${run}-entity`),
  };
  await client.waitForOrchestrationStart(ids.event, false, deadlineMs / 1000);
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

  const [a, b] = [`${run}-a`, `${run}-b`];
  await client.signalEntity(new EntityInstanceId("account", a), "deposit", 100);
  await client.signalEntity(new EntityInstanceId("account", b), "deposit", 100);
  await waitFor("both accounts to hold 100", async () =>
    (await balance(a)) === 100 && (await balance(b)) === 100 ? true : undefined,
  );
  const transfers = [];
  for (let i = 0; i < 10; i++) {
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
    transfers.push(
      await client.scheduleNewOrchestration(
        transfer,
        { from, to, amount: i + 1 },
        `${run}-transfer-${i}`,
      ),
    );
  }
  const moved = await Promise.all(transfers.map(complete));
  const [ba, bb] = [await balance(a), await balance(b)];
  if (ba + bb !== 200) {
    throw new Error(`transfers: total not conserved: ${a}=${ba} ${b}=${bb}`);
  }
  const stillLocked = [];
  for (const key of [a, b]) {
    const e = await client.getEntity(new EntityInstanceId("account", key), false);
    if (e?.lockedBy) {
      stillLocked.push(`${key} by ${e.lockedBy}`);
    }
  }
  if (stillLocked.length > 0) {
    throw new Error(`transfers: entities still locked: ${stillLocked.join(", ")}`);
  }
  passed.push(
    `transfers=${moved.filter((m) => m).length}/10 moved, balances ${ba}+${bb}=200`,
  );

  console.log(`INTEROP OK ${passed.join(" ")}`);
} catch (e) {
  console.error(`INTEROP FAILED: ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  await worker.stop().catch(() => {});
  client.stop?.();
}
process.exit(exitCode);
