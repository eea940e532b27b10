// The zeromq.js v6 peer, the same idiom as the zmq-napi one: an `await sock.send(buf)` loop,
// and a `for await` loop to receive. Protocol: bench/node/common.mts.
//
// inproc: PUSH and PULL in one process and one thread (zeromq.js sockets stay on the
// thread that made them), sending and receiving concurrently.
import * as zmqjs from "zeromq";
import { setTimeout as sleep } from "node:timers/promises";
import { type Args, now, parseArgs, payload, ready, receive, report, stdinClosed } from "./common.mjs";

async function send(push: zmqjs.Push, size: number, count: number): Promise<void> {
  const message = payload(size);
  for (let i = 0; i < count; i++) await push.send(message);
}

const roles: Record<Args["role"], (args: Args) => Promise<void>> = {
  async push({ endpoint, size, count }) {
    const push = new zmqjs.Push();
    push.connect(endpoint);
    await send(push, size, count);
    await stdinClosed();
    push.close();
  },

  async pull({ endpoint, size, count }) {
    const pull = new zmqjs.Pull();
    await pull.bind(endpoint);
    ready(pull.lastEndpoint!);
    await receive(pull, size, count);
    pull.close();
  },

  async inproc({ endpoint, size, count }) {
    const pull = new zmqjs.Pull();
    await pull.bind(endpoint);
    const push = new zmqjs.Push();
    push.connect(endpoint);
    await Promise.all([receive(pull, size, count), send(push, size, count)]);
    push.close();
    pull.close();
  },

  async rep({ endpoint, count }) {
    const rep = new zmqjs.Reply();
    await rep.bind(endpoint);
    ready(rep.lastEndpoint!);
    let served = 0;
    for await (const [request] of rep) {
      await rep.send(request);
      if (++served === count) break;
    }
    rep.close();
  },

  async req({ endpoint, size, count }) {
    const req = new zmqjs.Request();
    req.connect(endpoint);
    const message = payload(size);
    await req.send(message); // the first round trip waits for the connection: not timed
    await req.receive();
    const start = now();
    for (let i = 1; i < count; i++) {
      await req.send(message);
      const [reply] = await req.receive();
      if (reply.length !== size) throw new Error(`reply of ${reply.length} bytes, not ${size}`);
    }
    report(count - 1, start, now());
    req.close();
  },

  async pub({ endpoint, size, count, subscribers }) {
    // An XPUB, so it can wait until every subscriber has subscribed; noDrop makes a full
    // subscriber push back instead of losing messages. zeromq.js's send does not wait for
    // room then, as it does on other sockets: it rejects with EAGAIN (libzmq's XPUB always
    // reports POLLOUT), so the zeromq.js way is to wait a little and send again.
    const pub = new zmqjs.XPublisher({ verbosity: "allSubs", noDrop: true });
    await pub.bind(endpoint);
    ready(pub.lastEndpoint!);
    for (let i = 0; i < subscribers; i++) await pub.receive();
    const message = payload(size);
    for (let i = 0; i < count; i++) {
      for (;;) {
        try {
          await pub.send(message);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== "EAGAIN") throw error;
          await sleep(1);
        }
      }
    }
    await stdinClosed();
    pub.close();
  },

  async sub({ endpoint, size, count }) {
    const sub = new zmqjs.Subscriber();
    sub.subscribe();
    sub.connect(endpoint);
    await receive(sub, size, count);
    sub.close();
  },
};

const args = parseArgs(process.argv.slice(2));
await roles[args.role](args);
