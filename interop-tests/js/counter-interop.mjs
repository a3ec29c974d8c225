// Interop check: the official Durable Task JavaScript SDK signals, reads and queries a counter
// entity that its own worker hosts, against a scheduler at DURABLE_HOST (host:port, plaintext).
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import {
  EntityInstanceId,
  NoOpLogger,
  TaskEntity,
  TaskHubGrpcClient,
  TaskHubGrpcWorker,
} from "@microsoft/durabletask-js";

const host = process.env.DURABLE_HOST;
if (!host) {
  console.error("DURABLE_HOST (host:port of the scheduler) is not set");
  process.exit(2);
}
const deadlineMs = Number(process.env.INTEROP_DEADLINE_MS ?? 60000);

class CounterEntity extends TaskEntity {
  initializeState() {
    return 0;
  }
  add(amount) {
    this.state += amount;
  }
  get() {
    return this.state;
  }
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
worker.addNamedEntity("counter", () => new CounterEntity());
const client = new TaskHubGrpcClient({ hostAddress: host, logger });

let exitCode = 0;
try {
  await worker.start();
  const id = new EntityInstanceId("counter", `js-${process.pid}`);

  const missing = await client.getEntity(new EntityInstanceId("counter", "never-signalled"));
  if (missing !== undefined) {
    throw new Error(`an unknown entity should not exist, got ${JSON.stringify(missing)}`);
  }

  for (const amount of [5, 7, 30]) {
    await client.signalEntity(id, "add", amount);
  }
  const metadata = await waitFor("the counter to reach 42", async () => {
    const entity = await client.getEntity(id, true);
    return entity && entity.state === 42 ? entity : undefined;
  });
  if (metadata.id.toString() !== id.toString()) {
    throw new Error(`getEntity returned id ${metadata.id} for ${id}`);
  }

  const found = [];
  for await (const entity of client.getEntities({ instanceIdStartsWith: "counter@js-", includeState: true })) {
    found.push(`${entity.id}=${JSON.stringify(entity.state)}`);
  }
  if (!found.includes(`${id}=42`)) {
    throw new Error(`query did not return ${id}=42: ${found.join(", ")}`);
  }

  console.log(`INTEROP OK ${id} state=42 query=[${found.join(", ")}]`);
} catch (e) {
  console.error(`INTEROP FAILED: ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  await worker.stop().catch(() => {});
  client.stop?.();
}
process.exit(exitCode);
