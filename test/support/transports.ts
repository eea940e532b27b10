// Endpoints for tests that hold for every transport: each test loops over these.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TRANSPORTS = ["inproc", "ipc", "tcp"] as const;
export type Transport = (typeof TRANSPORTS)[number];

let counter = 0;
let ipcDir: string | undefined;

/**
 * An endpoint to bind on. For tcp it is a wildcard port: bind to it, then connect peers to
 * `socket.lastEndpoint`.
 */
export function bindEndpoint(transport: Transport): string {
  counter++;
  switch (transport) {
    case "inproc":
      return `inproc://test-${process.pid}-${counter}`;
    case "ipc":
      ipcDir ??= mkdtempSync(join(tmpdir(), "zmq-napi-"));
      return `ipc://${join(ipcDir, `s${counter}`)}`;
    case "tcp":
      return "tcp://127.0.0.1:*";
  }
}
