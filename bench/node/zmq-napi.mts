// The zmq-napi peer, written the idiomatic way: an `await sock.send(buf)` loop, and a
// `for await` loop to receive. Protocol: bench/node/common.mts.
// With --batch first, PUSH and PULL use the documented batch path instead: sendMany of
// BATCH messages at a time, and recvMany.
//
// inproc: the PULL in the main thread, the PUSH in a Worker, both on zmq.context() (the
// process-wide context every thread shares), as the C and Python peers use two threads.
import { isMainThread, Worker, workerData } from "node:worker_threads";
import * as zmq from "zmq-napi";
import { type Args, now, parseArgs, payload, ready, receive, receiveBatches, report, stdinClosed } from "./common.mjs";

const BATCH = 1024;

interface PeerArgs extends Args {
  readonly batch: boolean;
}

function receiveFrom(pull: zmq.Socket, size: number, count: number, batch: boolean): Promise<void> {
  return batch ? receiveBatches(() => pull.recvMany(BATCH), size, count) : receive(pull, size, count);
}

const roles: Record<Args["role"], (args: PeerArgs) => Promise<void>> = {
  async push({ endpoint, size, count, batch }) {
    const push = zmq.context().socket(zmq.PUSH);
    push.connect(endpoint);
    const message = payload(size);
    if (batch) {
      const full = Array.from({ length: BATCH }, () => message);
      for (let sent = 0; sent < count; sent += BATCH) {
        await push.sendMany(count - sent >= BATCH ? full : full.slice(0, count - sent));
      }
    } else {
      for (let i = 0; i < count; i++) await push.send(message);
    }
    if (isMainThread) await stdinClosed(); // inproc (a Worker) needs no wait
    push.close();
  },

  async pull({ endpoint, size, count, batch }) {
    const pull = zmq.context().socket(zmq.PULL);
    pull.bind(endpoint);
    ready(pull.lastEndpoint);
    await receiveFrom(pull, size, count, batch);
    pull.close();
  },

  async inproc(args) {
    const pull = zmq.context().socket(zmq.PULL);
    pull.bind(args.endpoint);
    const sender = new Worker(new URL("./ts-worker.mjs", import.meta.url), {
      argv: [import.meta.url],
      workerData: { ...args, role: "push" } satisfies PeerArgs,
    });
    const exited = new Promise<number>((resolve, reject) => {
      sender.once("exit", resolve);
      sender.once("error", reject);
    });
    await receiveFrom(pull, args.size, args.count, args.batch);
    pull.close();
    const code = await exited;
    if (code !== 0) throw new Error(`the sending Worker exited with ${code}`);
  },

  async rep({ endpoint, count }) {
    const rep = zmq.context().socket(zmq.REP);
    rep.bind(endpoint);
    ready(rep.lastEndpoint);
    let served = 0;
    for await (const [request] of rep) {
      await rep.send(request);
      if (++served === count) break;
    }
    rep.close();
  },

  async req({ endpoint, size, count }) {
    const req = zmq.context().socket(zmq.REQ);
    req.connect(endpoint);
    const message = payload(size);
    await req.send(message); // the first round trip waits for the connection: not timed
    await req.recv();
    const start = now();
    for (let i = 1; i < count; i++) {
      await req.send(message);
      const reply = await req.recv();
      if (reply.length !== size) throw new Error(`reply of ${reply.length} bytes, not ${size}`);
    }
    report(count - 1, start, now());
    req.close();
  },

  async pub({ endpoint, size, count, subscribers }) {
    // An XPUB, so it can wait until every subscriber has subscribed; NODROP makes a full
    // subscriber push back (send waits) instead of losing messages.
    const pub = zmq.context().socket(zmq.XPUB);
    pub.setsockopt(zmq.XPUB_VERBOSE, true);
    pub.setsockopt(zmq.XPUB_NODROP, true);
    pub.bind(endpoint);
    ready(pub.lastEndpoint);
    for (let i = 0; i < subscribers; i++) await pub.recv();
    const message = payload(size);
    for (let i = 0; i < count; i++) await pub.send(message);
    await stdinClosed();
    pub.close();
  },

  async sub({ endpoint, size, count }) {
    const sub = zmq.context().socket(zmq.SUB);
    sub.setsockopt(zmq.SUBSCRIBE, "");
    sub.connect(endpoint);
    await receive(sub, size, count);
    sub.close();
  },
};

function argsOfProcess(): PeerArgs {
  const batch = process.argv[2] === "--batch";
  return { ...parseArgs(process.argv.slice(batch ? 3 : 2)), batch };
}

const args = isMainThread ? argsOfProcess() : (workerData as PeerArgs);
await roles[args.role](args);
