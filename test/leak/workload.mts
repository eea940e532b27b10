// A representative workload for the leak check (npm run test:leak runs it under valgrind):
// every socket type, multipart, zero-copy both ways, poll, a device, a monitor, a Worker.
// It must end by itself, having closed everything, with exit status 0.
import { Worker } from "node:worker_threads";
import * as zmq from "zmq-napi";

const ctx = zmq.context();
// Past the receive arena: each a Buffer of its own, received without a copy over inproc
// (big) and over tcp too (huge), so their frames are closed by a finalizer.
const big = Buffer.alloc(256 * 1024, 7);
const huge = Buffer.alloc(1024 * 1024, 9);

async function pair(a: number, b: number, endpoint: string, frames: (Buffer | string)[]): Promise<void> {
  const left = ctx.socket(a);
  const right = ctx.socket(b);
  left.bind(endpoint);
  right.connect(endpoint.endsWith(":*") ? left.lastEndpoint : endpoint);
  await right.send(frames);
  const got = await left.recvMultipart();
  const expected = frames.length + (a === zmq.ROUTER ? 1 : 0); // a ROUTER prepends the identity
  if (got.length !== expected) throw new Error(`lost frames on ${endpoint}`);
  left.close();
  right.close();
}

await pair(zmq.PULL, zmq.PUSH, "tcp://127.0.0.1:*", ["a", "b", big, huge]);
await pair(zmq.PAIR, zmq.PAIR, "inproc://leak-pair", [big]);
// A large frame refused over inproc (no peer): its kept block goes back (native/send_blocks.cc).
const lonely = ctx.socket(zmq.PUSH);
lonely.bind("inproc://leak-lonely");
if (lonely.trySend(huge)) throw new Error("a frame went with no peer");
lonely.close();
await pair(zmq.ROUTER, zmq.DEALER, "inproc://leak-router", ["x", ""]);
await pair(zmq.PULL, zmq.PUSH, "ipc:///tmp/zmq-napi-leak.ipc", [Buffer.alloc(0)]);

// REQ/REP with Messages: zero-copy send, recvMsg with metadata, copies.
const rep = ctx.socket(zmq.REP);
const req = ctx.socket(zmq.REQ);
rep.bind("tcp://127.0.0.1:*");
req.connect(rep.lastEndpoint);
const monitor = rep.monitor();
for (let i = 0; i < 50; i++) {
  const msg = new zmq.Message(big);
  const view = msg.data; // detached by the send, which then goes without a copy
  await req.send(msg);
  const got = await rep.recvMsg();
  if (view.length !== 0 || got.size !== big.length || got.gets("Peer-Address") !== "127.0.0.1") {
    throw new Error("bad message");
  }
  const copy = got.copy();
  await rep.send(copy);
  got.close();
  await req.recv();
}
monitor.close();

// PUB/SUB with poll.
const pub = ctx.socket(zmq.PUB);
const sub = ctx.socket(zmq.SUB);
pub.bind("inproc://leak-pub");
sub.connect("inproc://leak-pub");
sub.setsockopt(zmq.SUBSCRIBE, "");
await pub.send(["topic", "body"]);
const items = [{ socket: sub, events: zmq.POLLIN }];
if ((await zmq.poll(items, 1000)) !== 1) throw new Error("poll saw nothing");
await sub.recvMultipart();
await zmq.poll(items, 10); // a poll that times out

// A QUEUE device, ended by terminating its context.
const devCtx = new zmq.Context();
const front = devCtx.socket(zmq.ROUTER);
const back = devCtx.socket(zmq.DEALER);
front.bind("inproc://leak-front");
back.bind("inproc://leak-back");
const device = zmq.device(zmq.QUEUE, front, back);
const client = devCtx.socket(zmq.REQ);
const worker = devCtx.socket(zmq.REP);
client.connect("inproc://leak-front");
worker.connect("inproc://leak-back");
await client.send("ping");
await worker.recv();
await worker.send("pong");
await client.recv();
client.close();
worker.close();
const ending = devCtx.term();
await device;
front.close();
back.close();
await ending;

// A Worker on the shared context, and one terminated with a receive pending.
const inbox = ctx.socket(zmq.PULL);
inbox.bind("inproc://leak-worker");
// Workers run TypeScript through test/support/ts-worker.mjs (see there why).
const tsWorker = new URL("../support/ts-worker.mjs", import.meta.url);
const workerScript = new URL("./worker.mts", import.meta.url).href;
const helper = new Worker(tsWorker, { argv: [workerScript] });
await inbox.recv();
await new Promise((resolve) => helper.once("exit", resolve));
const stuck = new Worker(tsWorker, { argv: [workerScript], workerData: "wait" });
await inbox.recv();
await stuck.terminate();

for (const socket of [rep, req, pub, sub, inbox]) socket.close();
console.log("workload done");
