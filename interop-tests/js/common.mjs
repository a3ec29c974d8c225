// Shared by the interop scripts: the scheduler address, deadlines, the account entity, the locked
// transfer orchestration and small waiting and checking helpers. Each script prints one line
// "INTEROP OK ..." and exits 0, or prints the failure and exits 1 (run() does both).
// With DURABLE_TLS_CA (a PEM file to trust) the SDK connects over TLS, and with DURABLE_TOKEN it
// sends "authorization: Bearer <token>" on every call: the SDK's own options, nothing patched.
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import {
  EntityInstanceId,
  NoOpLogger,
  OrchestrationStatus,
  TaskEntity,
  TaskHubGrpcClient,
  TaskHubGrpcWorker,
} from "@microsoft/durabletask-js";

export const host = process.env.DURABLE_HOST;
if (!host) {
  console.error("DURABLE_HOST (host:port of the scheduler) is not set");
  process.exit(2);
}
export const deadlineMs = Number(process.env.INTEROP_DEADLINE_MS ?? 120000);

export class AccountEntity extends TaskEntity {
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

export const account = (key) => new EntityInstanceId("account", key);

/** Locks both accounts, then moves the amount if the source holds it; returns whether it moved. */
export async function* transfer(ctx, { from, to, amount }) {
  const [a, b] = [account(from), account(to)];
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

/** The SDK options for DURABLE_HOST: TLS with DURABLE_TLS_CA, a bearer token with DURABLE_TOKEN. */
export function connectionOptions() {
  const options = { hostAddress: host, logger: new NoOpLogger() };
  if (process.env.DURABLE_TLS_CA) {
    options.credentials = grpc.credentials.createSsl(readFileSync(process.env.DURABLE_TLS_CA));
  }
  const token = process.env.DURABLE_TOKEN;
  if (token) {
    options.metadataGenerator = async () => {
      const metadata = new grpc.Metadata();
      metadata.set("authorization", `Bearer ${token}`);
      return metadata;
    };
  }
  return options;
}

/** A worker and a client on DURABLE_HOST, without SDK logging. */
export function connect() {
  return {
    worker: new TaskHubGrpcWorker(connectionOptions()),
    client: new TaskHubGrpcClient(connectionOptions()),
  };
}

/** Polls until probe() returns something other than undefined, or fails at the deadline. */
export async function waitFor(what, probe) {
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

/** Waits for the instance to end with the status (COMPLETED by default); returns its output. */
export async function ended(client, id, status = OrchestrationStatus.COMPLETED) {
  const state = await client.waitForOrchestrationCompletion(id, true, deadlineMs / 1000);
  if (!state) {
    throw new Error(`${id}: no state`);
  }
  if (state.runtimeStatus !== status) {
    throw new Error(
      `${id}: status ${OrchestrationStatus[state.runtimeStatus]}, expected ` +
        `${OrchestrationStatus[status]}, failure ${JSON.stringify(state.failureDetails)}`,
    );
  }
  return state.serializedOutput === undefined ? undefined : JSON.parse(state.serializedOutput);
}

export function expect(what, actual, expected) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return `${what}=${JSON.stringify(actual)}`;
}

export async function balance(client, key) {
  // an account with queued signals and no state yet comes back without state (includesState false)
  const entity = await client.getEntity(account(key), true);
  return entity && entity.includesState ? entity.state : undefined;
}

/** The accounts among keys that the entity query reports as locked, as "key by holder". */
export async function lockedAccounts(client, keys) {
  const locked = [];
  for await (const e of client.getEntities({
    instanceIdStartsWith: "account@",
    includeTransient: true,
    includeState: false,
  })) {
    if (keys.includes(e.id.key) && e.lockedBy) {
      locked.push(`${e.id.key} by ${e.lockedBy}`);
    }
  }
  return locked;
}

/** Runs the body with a started worker, prints INTEROP OK and the body's words, and exits. */
export async function run(worker, client, body) {
  let exitCode = 0;
  try {
    await worker.start();
    console.log(`INTEROP OK ${(await body()).join(" ")}`);
  } catch (e) {
    console.error(`INTEROP FAILED: ${e?.stack ?? e}`);
    exitCode = 1;
  } finally {
    await worker.stop().catch(() => {});
    client.stop?.();
  }
  process.exit(exitCode);
}
