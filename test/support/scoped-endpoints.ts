// Endpoints as test/support/transports.ts makes them, except that ipc endpoints live in a
// directory of the calling test file's own, removed after its tests: no files left behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { bindEndpoint, type Transport } from "./transports";

/** Call at the top of a test file; returns the endpoint maker to bind with. */
export function useEndpoints(): (transport: Transport) => string {
  let dir: string | undefined;
  let counter = 0;
  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return (transport) => {
    if (transport !== "ipc") return bindEndpoint(transport);
    dir ??= mkdtempSync(join(tmpdir(), "zmq-napi-scoped-"));
    return `ipc://${join(dir, `s${++counter}`)}`;
  };
}
