// Interop check: the official Durable Task JavaScript SDK, connecting over TLS (DURABLE_TLS_CA)
// with no token or a wrong one (DURABLE_TOKEN), is refused with UNAUTHENTICATED by a scheduler
// that requires a token. Prints one line "INTEROP OK ..." and exits 0, or the failure and exits 1.
import { EntityInstanceId, TaskHubGrpcClient } from "@microsoft/durabletask-js";
import { connectionOptions } from "./common.mjs";

const UNAUTHENTICATED = 16;
const client = new TaskHubGrpcClient(connectionOptions());
let exitCode = 0;
try {
  const answer = await client.getEntity(new EntityInstanceId("counter", "secret"), true);
  console.error(`INTEROP FAILED: the call was served: ${JSON.stringify(answer)}`);
  exitCode = 1;
} catch (e) {
  const code = e?.code ?? e?.cause?.code;
  const text = `${e?.message ?? e}`;
  if (code === UNAUTHENTICATED || text.includes("UNAUTHENTICATED")) {
    console.log(`INTEROP OK refused=UNAUTHENTICATED message=${JSON.stringify(text)}`);
  } else {
    console.error(`INTEROP FAILED: expected UNAUTHENTICATED, got code ${code}: ${e?.stack ?? e}`);
    exitCode = 1;
  }
} finally {
  await client.stop?.();
}
process.exit(exitCode);
