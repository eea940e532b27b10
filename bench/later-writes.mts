// Whether a receiver sees what its sender wrote into a Buffer after `await send` resolved,
// for zmq-napi and zeromq.js: the bench's peers send one Buffer again and again, so a send
// that keeps a reference to the caller's bytes instead of copying them is faster there and
// unsafe in use. Each sends `count` Buffers of `size` bytes filled with "a" over ipc, awaits
// each send and then fills that Buffer with "z"; the receiver counts frames not all "a".
//
//   npm run bench:later-writes   (or: node --import tsx bench/later-writes.mts [count])
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmqjs from "zeromq";
import * as zmq from "zmq-napi";

const SIZES = [1024, 64 * 1024, 1024 * 1024];
const SENT = 0x61; // "a"
const WRITTEN_AFTER = 0x7a; // "z"

interface Pair {
  send(frame: Buffer): Promise<void>;
  receive(): Promise<Buffer>;
  close(): void;
}

async function zmqNapiPair(endpoint: string): Promise<Pair> {
  const pull = zmq.context().socket(zmq.PULL);
  pull.bind(endpoint);
  const push = zmq.context().socket(zmq.PUSH);
  push.connect(endpoint);
  return {
    send: (frame) => push.send(frame),
    receive: () => pull.recv(),
    close: () => (push.close(), pull.close()),
  };
}

async function zeromqJsPair(endpoint: string): Promise<Pair> {
  const pull = new zmqjs.Pull();
  await pull.bind(endpoint);
  const push = new zmqjs.Push();
  push.connect(endpoint);
  return {
    send: (frame) => push.send(frame),
    receive: async () => (await pull.receive())[0],
    close: () => (push.close(), pull.close()),
  };
}

// Frames sent before any is received (the high-water mark is 1,000), so libzmq still holds
// the later ones when their senders' writes land.
async function overwrittenSeen(pair: Pair, size: number, count: number): Promise<number> {
  for (let i = 0; i < count; i++) {
    const frame = Buffer.alloc(size, SENT);
    await pair.send(frame);
    frame.fill(WRITTEN_AFTER);
  }
  let seen = 0;
  for (let i = 0; i < count; i++) {
    const frame = await pair.receive();
    if (frame.length !== size) throw new Error(`a frame of ${frame.length} bytes, not ${size}`);
    if (frame.some((byte) => byte !== SENT)) seen++;
  }
  return seen;
}

const count = Number(process.argv[2] ?? 50);
const bindings: [string, (endpoint: string) => Promise<Pair>][] = [
  ["zmq-napi", zmqNapiPair],
  ["zeromq.js", zeromqJsPair],
];
console.log(`frames that showed a write made after their send resolved, of ${count} sent over ipc`);
for (const [name, open] of bindings) {
  const counts: string[] = [];
  for (const size of SIZES) {
    const path = join(tmpdir(), `later-writes-${process.pid}.ipc`);
    const pair = await open(`ipc://${path}`);
    try {
      counts.push(`${size / 1024} KiB: ${await overwrittenSeen(pair, size, count)}`);
    } finally {
      pair.close();
      rmSync(path, { force: true });
    }
  }
  console.log(`${name.padEnd(10)} ${counts.join(", ")}`);
}
