// The zmq-napi peer in its documented low-latency mode: a REQ and a REP that wait with the
// blocking sendSync/recvSync on their own thread, as C and pyzmq peers do, not on the event
// loop. Latency only. Protocol: bench/node/common.mts.
// With --busy-poll <µs> first, the measurement behind the choice of no busy-poll setting
// (docs/PERFORMANCE.md, 2026-12-02): the idiomatic async calls, each receive first spinning
// on tryRecv for up to that long before it awaits recv. Not in bench/peers.ts; to measure it
// again, add a peer whose command is this file with "--busy-poll", "50".
import * as zmq from "zmq-napi";
import { now, parseArgs, payload, ready, report } from "./common.mjs";

const busyPoll = process.argv[2] === "--busy-poll" ? Number(process.argv[3]) : undefined;
const { role, endpoint, size, count } = parseArgs(process.argv.slice(busyPoll === undefined ? 2 : 4));

/** A receive that spins on tryRecv for up to `busyPoll` µs before it waits on the loop. */
async function spinThenRecv(socket: zmq.Socket, micros: number): Promise<Buffer> {
  const deadline = process.hrtime.bigint() + BigInt(micros * 1000);
  do {
    const frame = socket.tryRecv();
    if (frame !== null) return frame;
  } while (process.hrtime.bigint() < deadline);
  return socket.recv();
}

// The sync loops await nothing: an await of a plain value would still cost a microtask.
function syncRep(rep: zmq.Socket, count: number): void {
  for (let served = 0; served < count; served++) rep.sendSync(rep.recvSync());
}

function syncReq(req: zmq.Socket, message: Buffer, count: number): void {
  for (let i = 1; i < count; i++) {
    req.sendSync(message);
    const reply = req.recvSync();
    if (reply.length !== message.length) throw new Error(`reply of ${reply.length} bytes, not ${message.length}`);
  }
}

async function busyRep(rep: zmq.Socket, count: number, micros: number): Promise<void> {
  for (let served = 0; served < count; served++) await rep.send(await spinThenRecv(rep, micros));
}

async function busyReq(req: zmq.Socket, message: Buffer, count: number, micros: number): Promise<void> {
  for (let i = 1; i < count; i++) {
    await req.send(message);
    const reply = await spinThenRecv(req, micros);
    if (reply.length !== message.length) throw new Error(`reply of ${reply.length} bytes, not ${message.length}`);
  }
}

if (role === "rep") {
  const rep = zmq.context().socket(zmq.REP);
  rep.bind(endpoint);
  ready(rep.lastEndpoint);
  if (busyPoll === undefined) syncRep(rep, count);
  else await busyRep(rep, count, busyPoll);
  rep.close();
} else if (role === "req") {
  const req = zmq.context().socket(zmq.REQ);
  req.connect(endpoint);
  const message = payload(size);
  req.sendSync(message); // the first round trip waits for the connection: not timed
  req.recvSync();
  const start = now();
  if (busyPoll === undefined) syncReq(req, message, count);
  else await busyReq(req, message, count, busyPoll);
  report(count - 1, start, now());
  req.close();
} else {
  throw new Error(`the low-latency peer runs latency only (rep, req), not ${role}`);
}
