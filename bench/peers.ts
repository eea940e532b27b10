// The peers every case runs against, as data: how to start one role of each, and what it
// needs to be present. All speak one protocol (described in bench/node/common.mts).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Pattern, Transport } from "./cases.js";

export interface Peer {
  readonly name: string;
  /** How it runs the inproc case, for the notes under the table (absent: it runs none). */
  readonly inproc?: string;
  /** The cases it runs, when not all (a batch API only changes throughput). */
  readonly patterns?: readonly Pattern[];
  /** The transports it runs, when not all. */
  readonly transports?: readonly Transport[];
  /**
   * A mixed pair: the program and first arguments of the sending side (push), when it is
   * another peer's; `command` then runs the receiving side. Pairing each side of zmq-napi
   * with C tells which side limits a rate.
   */
  readonly senderCommand?: readonly string[];
  /** What it is, when its name does not say, for the notes under the table. */
  readonly note?: string;
  /** The program and its first arguments; the role and its arguments follow. */
  readonly command: readonly string[];
  /**
   * Checks the runtime is there and builds what the peer needs. Returns the version to
   * report, or throws saying why the peer is skipped.
   */
  prepare(root: string): string;
}

/** pyzmq as Debian's python3-zmq installs it, not whatever `python3` is first on PATH. */
export const PYTHON = "/usr/bin/python3";

const C_SOURCE = "bench/c/peer.c";
const C_BINARY = "bench/.build/peer";

/** The version in a package.json: the root's own, or a dependency's. */
function packageVersion(root: string, name?: string): string {
  const manifest =
    name === undefined
      ? join(root, "package.json")
      : createRequire(join(root, "package.json")).resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

function node(file: string): readonly string[] {
  return [process.execPath, "--import", "tsx", file];
}

const basePeers: readonly Peer[] = [
  {
    name: "C",
    inproc: "two threads, one context",
    command: [C_BINARY],
    prepare(root) {
      const source = join(root, C_SOURCE);
      const binary = join(root, C_BINARY);
      const flags = spawnSync("pkg-config", ["--cflags", "--libs", "libzmq"], { encoding: "utf8" });
      if (flags.status !== 0) throw new Error("pkg-config does not find libzmq (install libzmq3-dev and pkg-config)");
      if (!existsSync(binary) || statSync(binary).mtimeMs < statSync(source).mtimeMs) {
        mkdirSync(join(root, "bench/.build"), { recursive: true });
        const args = ["-O2", "-o", binary, source, ...flags.stdout.trim().split(/\s+/), "-lpthread"];
        const cc = spawnSync("cc", args, { encoding: "utf8" });
        if (cc.error) throw new Error(`no C compiler: ${cc.error.message}`);
        if (cc.status !== 0) throw new Error(`cc ${args.join(" ")} failed:\n${cc.stderr}`);
      }
      return `cc -O2, libzmq ${execFileSync("pkg-config", ["--modversion", "libzmq"], { encoding: "utf8" }).trim()}`;
    },
  },
  {
    name: "zmq-napi",
    inproc: "PULL in the main thread, PUSH in a Worker, on zmq.context()",
    command: node("bench/node/zmq-napi.mts"),
    prepare(root) {
      if (!existsSync(join(root, "dist/index.mjs"))) throw new Error("dist/ is not built (npm run build:ts)");
      return packageVersion(root);
    },
  },
  {
    name: "zmq-napi batch",
    inproc: "as zmq-napi; sendMany of 1024 messages at a time, recvMany",
    patterns: ["throughput"],
    command: [...node("bench/node/zmq-napi.mts"), "--batch"],
    prepare(root) {
      return byName("zmq-napi").prepare(root);
    },
  },
  {
    name: "event-loop floor",
    note:
      "event-loop floor: not a binding but the least one driven by Node's event loop can cost: zmq-napi's REQ and REP woken by a bare uv_poll callback on ZMQ_FD and served with the synchronous tryRecv/trySend, no promise or queue (bench/node/event-loop-floor.mts).",
    patterns: ["latency"],
    command: node("bench/node/event-loop-floor.mts"),
    prepare(root) {
      return byName("zmq-napi").prepare(root);
    },
  },
  {
    name: "zmq-napi low-latency",
    note:
      "zmq-napi low-latency: the opt-in mode, REQ and REP blocking in sendSync/recvSync on their thread, as C and pyzmq peers do (bench/node/zmq-napi-low-latency.mts).",
    patterns: ["latency"],
    command: node("bench/node/zmq-napi-low-latency.mts"),
    prepare(root) {
      return byName("zmq-napi").prepare(root);
    },
  },
  {
    name: "zeromq.js",
    inproc: "PUSH and PULL in one thread (zeromq.js sockets stay on their thread)",
    command: node("bench/node/zeromq-js.mts"),
    prepare(root) {
      try {
        return packageVersion(root, "zeromq");
      } catch {
        throw new Error("the zeromq package is not installed (npm install)");
      }
    },
  },
  {
    name: "pyzmq",
    inproc: "two threads, one Context",
    command: [PYTHON, "bench/python/peer.py"],
    prepare() {
      const probe = spawnSync(PYTHON, ["-c", "import zmq; print(zmq.__version__)"], { encoding: "utf8" });
      if (probe.error) throw new Error(`${PYTHON} is not there`);
      if (probe.status !== 0) throw new Error(`${PYTHON} has no pyzmq (Debian: apt-get install python3-zmq)`);
      return probe.stdout.trim();
    },
  },
];

/** One side of zmq-napi with C on the other, for the throughput cases between processes. */
function mixedPair(sender: Peer, receiver: Peer): Peer {
  return {
    name: `${sender.name} → ${receiver.name}`,
    note: `${sender.name} → ${receiver.name}: a ${sender.name} PUSH sending to a ${receiver.name} PULL (the mixed pairs tell which side limits a rate).`,
    patterns: ["throughput"],
    transports: ["tcp", "ipc"],
    command: receiver.command,
    senderCommand: sender.command,
    prepare(root) {
      return `${sender.prepare(root)} → ${receiver.prepare(root)}`;
    },
  };
}

const byName = (name: string): Peer => basePeers.find((peer) => peer.name === name)!;

export const peers: readonly Peer[] = [
  ...basePeers,
  mixedPair(byName("C"), byName("zmq-napi")),
  mixedPair(byName("zmq-napi"), byName("C")),
];
