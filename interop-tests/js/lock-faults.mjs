// Fault checks for critical sections, with the official Durable Task JavaScript SDK against a
// scheduler at DURABLE_HOST. LockFaultsIT runs this script in three modes (FAULT_MODE):
//  - hold: schedules HOLDER_ID, an orchestration that locks accounts HOLDER_ID-a and HOLDER_ID-b
//    and then calls an activity that never ends; the activity prints "STALLED <instance>" and the
//    test kills this process with SIGKILL while the lock is held and the work item in flight.
//  - recover: a new worker (whose activity returns at once) lets the holder finish; the holder
//    deposits, releases its lock and completes; the accounts are then unlocked, usable by signals
//    and by a new critical section, and CleanEntityStorage finds no orphaned lock.
//  - terminate: HOLDER_ID locks HOLDER_ID-c and HOLDER_ID-d and waits for an event that never
//    comes; terminating it unlocks both (the entity query shows no lockedBy) and both serve
//    later operations.
// Prints one line "INTEROP OK ..." and exits 0 (recover, terminate), or prints the failure and
// exits 1.
import { OrchestrationStatus } from "@microsoft/durabletask-js";
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

const mode = process.env.FAULT_MODE;
const holder = process.env.HOLDER_ID;
if (!["hold", "recover", "terminate"].includes(mode) || !holder) {
  console.error("FAULT_MODE (hold, recover or terminate) and HOLDER_ID must be set");
  process.exit(2);
}

const stall = async (ctx, amount) => {
  if (mode === "hold") {
    console.log(`STALLED ${ctx.orchestrationId}`);
    return new Promise(() => {}); // never settles: this worker holds the work item until it dies
  }
  return amount;
};

async function* holdLocks(ctx, { a, b }) {
  const lock = yield ctx.entities.lockEntities(account(a), account(b));
  try {
    const amount = yield ctx.callActivity(stall, 7);
    yield ctx.entities.callEntity(account(a), "deposit", amount);
    return yield ctx.entities.callEntity(account(a), "get");
  } finally {
    lock.release();
  }
}

async function* lockAndWait(ctx, { a, b }) {
  const lock = yield ctx.entities.lockEntities(account(a), account(b));
  yield ctx.entities.callEntity(account(a), "get");
  yield ctx.waitForExternalEvent("never");
  lock.release();
}

const { worker, client } = connect();
for (const o of [holdLocks, lockAndWait, transfer]) {
  worker.addOrchestrator(o);
}
worker.addActivity(stall);
worker.addNamedEntity("account", () => new AccountEntity());

async function usable(keys, amount) {
  for (const key of keys) {
    await client.signalEntity(account(key), "deposit", amount);
  }
  const [from, to] = keys;
  const before = [await balance(client, from), await balance(client, to)];
  const id = await client.scheduleNewOrchestration(
    transfer,
    { from, to, amount: 1 },
    `${holder}-after`,
  );
  if ((await ended(client, id)) !== true) {
    throw new Error(`the transfer after the fault did not move: balances ${before}`);
  }
  return [await balance(client, from), await balance(client, to)];
}

async function unlocked(keys) {
  const locked = await lockedAccounts(client, keys);
  if (locked.length > 0) {
    throw new Error(`entities still locked: ${locked.join(", ")}`);
  }
}

if (mode === "hold") {
  await worker.start();
  await client.scheduleNewOrchestration(
    holdLocks,
    { a: `${holder}-a`, b: `${holder}-b` },
    holder,
  );
  // Stays alive holding the stalled activity until the test kills this process.
} else if (mode === "recover") {
  await run(worker, client, async () => {
    const keys = [`${holder}-a`, `${holder}-b`];
    const passed = [expect("holder", await ended(client, holder), 7)];
    await unlocked(keys);
    passed.push("unlocked");
    const balances = await usable(keys, 3);
    passed.push(expect("usable", balances, [9, 4]));
    const cleaned = await client.cleanEntityStorage({
      removeEmptyEntities: false,
      releaseOrphanedLocks: true,
    });
    passed.push(expect("orphanedLocksReleased", cleaned.orphanedLocksReleased, 0));
    return passed;
  });
} else {
  await run(worker, client, async () => {
    const keys = [`${holder}-c`, `${holder}-d`];
    await client.scheduleNewOrchestration(lockAndWait, { a: keys[0], b: keys[1] }, holder);
    await waitFor("both accounts locked by the holder", async () => {
      const locked = await lockedAccounts(client, keys);
      return locked.length === 2 && locked.every((l) => l.endsWith(` by ${holder}`))
        ? true
        : undefined;
    });
    await client.terminateOrchestration(holder, "stopped");
    const passed = [
      expect("terminated", await ended(client, holder, OrchestrationStatus.TERMINATED), "stopped"),
    ];
    await unlocked(keys);
    passed.push("unlocked");
    passed.push(expect("usable", await usable(keys, 5), [4, 6]));
    return passed;
  });
}
