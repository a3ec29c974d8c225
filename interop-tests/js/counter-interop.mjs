// Interop check: the official Durable Task JavaScript SDK signals, reads and queries a counter
// entity that its own worker hosts, against a scheduler at DURABLE_HOST (host:port, plaintext).
// Prints one line "INTEROP OK ..." and exits 0, or prints the failure and exits 1.
import { EntityInstanceId, TaskEntity } from "@microsoft/durabletask-js";
import { connect, run, waitFor } from "./common.mjs";

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

const { worker, client } = connect();
worker.addNamedEntity("counter", () => new CounterEntity());

await run(worker, client, async () => {
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
    // an entity with queued signals and no state yet comes back without state (includesState false)
    return entity && entity.includesState && entity.state === 42 ? entity : undefined;
  });
  if (metadata.id.toString() !== id.toString()) {
    throw new Error(`getEntity returned id ${metadata.id} for ${id}`);
  }

  const found = [];
  for await (const entity of client.getEntities({ instanceIdStartsWith: "counter@js-", includeState: true })) {
    found.push(`${entity.id}=${entity.includesState ? JSON.stringify(entity.state) : "(no state yet)"}`);
  }
  if (!found.includes(`${id}=42`)) {
    throw new Error(`query did not return ${id}=42: ${found.join(", ")}`);
  }

  return [`${id}`, "state=42", `query=[${found.join(", ")}]`];
});
