// Versioning check: the official Durable Task JavaScript SDK's client starts "Versioned", which
// OUR Java worker hosts (started by the Java test, VersioningFromJsSdkIT) as a STRICT worker of
// version VERSION, with StartOrchestrationOptions.version = VERSION under INSTANCE_ID; our
// orchestration returns the version it sees in its context. Prints
// "INTEROP OK output=..." or the failure, and exits 1 on failure.
import { TaskHubGrpcClient } from "@microsoft/durabletask-js";
import { connectionOptions, ended, expect } from "./common.mjs";

const [version, instanceId] = [process.env.VERSION, process.env.INSTANCE_ID];
const client = new TaskHubGrpcClient(connectionOptions());
let exitCode = 0;
try {
  await client.scheduleNewOrchestration("Versioned", null, { instanceId, version });
  const output = await ended(client, instanceId);
  console.log(`INTEROP OK ${expect("output", output, `version ${version}`)}`);
} catch (e) {
  console.error(`INTEROP FAILED: ${e?.stack ?? e}`);
  exitCode = 1;
} finally {
  client.stop?.();
}
process.exit(exitCode);
