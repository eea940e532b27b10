// Endpoints for tests that hold for every transport: each test loops over these.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

export const TRANSPORTS = ["inproc", "ipc", "tcp"] as const;
export type Transport = (typeof TRANSPORTS)[number];

let counter = 0;
let ipcDir: string | undefined;

// Every test file runs in a fresh fork that loads this module anew, so this hook joins the
// importing file's suite: its ipc directory goes once its tests are done, none left in /tmp.
afterAll(() => {
  if (ipcDir !== undefined) rmSync(ipcDir, { recursive: true, force: true });
  ipcDir = undefined;
});

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
