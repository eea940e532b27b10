// The benchmark cases as data: run.mts runs each case against every peer (bench/peers.ts).
//
// `count` is how many messages (round trips, for latency) a full trial starts from. It is
// sized so the slowest peer (zeromq.js) takes about a second; faster peers are calibrated
// up from it by run.mts, so every trial that counts lasts about 0.5–2 s. `--quick` runs
// count / QUICK_DIVISOR messages with no calibration.

/** throughput: PUSH→PULL, the receiver measures from its first message to its last.
 *  latency: REQ/REP round trips, reported one-way (round trip / 2).
 *  fanout: one PUB (an XPUB that waits for its subscribers) to `subscribers` SUBs. */
export type Pattern = "throughput" | "latency" | "fanout";
export type Transport = "tcp" | "ipc" | "inproc";

export interface Case {
  readonly pattern: Pattern;
  readonly transport: Transport;
  /** bytes per message */
  readonly size: number;
  readonly count: number;
  readonly subscribers?: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const cases: readonly Case[] = [
  { pattern: "throughput", transport: "tcp", size: 8, count: 200_000 },
  { pattern: "throughput", transport: "tcp", size: 1 * KiB, count: 100_000 },
  { pattern: "throughput", transport: "tcp", size: 64 * KiB, count: 8_000 },
  { pattern: "throughput", transport: "tcp", size: 1 * MiB, count: 600 },
  { pattern: "throughput", transport: "ipc", size: 8, count: 200_000 },
  { pattern: "throughput", transport: "ipc", size: 1 * KiB, count: 100_000 },
  { pattern: "throughput", transport: "ipc", size: 64 * KiB, count: 8_000 },
  { pattern: "throughput", transport: "ipc", size: 1 * MiB, count: 600 },
  { pattern: "throughput", transport: "inproc", size: 8, count: 200_000 },
  { pattern: "throughput", transport: "inproc", size: 1 * KiB, count: 100_000 },
  { pattern: "throughput", transport: "inproc", size: 64 * KiB, count: 8_000 },
  { pattern: "throughput", transport: "inproc", size: 1 * MiB, count: 600 },
  { pattern: "latency", transport: "tcp", size: 8, count: 5_000 },
  { pattern: "fanout", transport: "tcp", size: 8, count: 100_000, subscribers: 4 },
];

export const QUICK_DIVISOR = 50;

/**
 * The performance issue's goals, checked after each run: `peer`'s median against the best
 * median among `vs` present in the same run (the highest rate, or the lowest latency).
 */
export interface Target {
  readonly case: string;
  readonly peer: string;
  /** the peers the ratio is taken to: the best of those that ran */
  readonly vs: readonly string[];
  /** throughput ratios must reach at least this; latency ratios stay at most this */
  readonly ratio: number;
}

/** The other bindings: zmq-napi is to lead them all. */
const BINDINGS = ["pyzmq", "zeromq.js"];

export const targets: readonly Target[] = [
  // Every throughput case and the fan-out: at least the best other binding.
  ...cases
    .filter((c) => c.pattern !== "latency")
    .map((c) => ({ case: caseName(c), peer: "zmq-napi", vs: BINDINGS, ratio: 1 })),
  // Big messages: within 10% of C, over the network transports.
  ...cases
    .filter((c) => c.pattern === "throughput" && c.transport !== "inproc" && c.size >= 64 * KiB)
    .map((c) => ({ case: caseName(c), peer: "zmq-napi", vs: ["C"], ratio: 0.9 })),
  { case: "throughput tcp 8 B", peer: "zmq-napi", vs: ["C"], ratio: 0.35 },
  { case: "throughput tcp 8 B", peer: "zmq-napi", vs: ["zeromq.js"], ratio: 4 },
  { case: "latency tcp 8 B", peer: "zmq-napi", vs: ["zeromq.js"], ratio: 0.85 },
  { case: "latency tcp 8 B", peer: "zmq-napi", vs: ["event-loop floor"], ratio: 1.1 },
  { case: "latency tcp 8 B", peer: "zmq-napi low-latency", vs: ["pyzmq"], ratio: 1.1 },
];

/** "1 KiB", "64 KiB", "8 B". */
export function formatSize(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} B`;
}

/** "throughput tcp 8 B", "fanout tcp 8 B": how results, filters and targets name a case. */
export function caseName(c: Case): string {
  const fan = c.pattern === "fanout" ? ` ×${c.subscribers}` : "";
  return `${c.pattern} ${c.transport} ${formatSize(c.size)}${fan}`;
}
