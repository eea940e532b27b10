// A received Buffer's bytes belong to its receiver alone (API.md, Message): whatever libzmq
// shares underneath — one PUB's message fanned out to several subscribers over inproc, a
// sent Message's bytes still reachable through a view or a copy() — no write through one
// Buffer or Message is ever seen through another after a send.
import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { nextMessage, runFixture, startWorker, within, workerExit } from "./support/fixture-process";

const t = useTestContext();

// A Message (recvMsg) stands on libzmq's bytes, and so does a large received Buffer that
// nobody else holds; large frames are the ones libzmq shares by reference (from 34 bytes;
// inproc hands a sent message's bytes straight over).
const SIZES = [16, 64 * 1024, 1024 * 1024];

let counter = 0;
const inproc = () => `inproc://ownership-${process.pid}-${++counter}`;

/** An XPUB with `count` SUBs on it, once it has seen each one's subscription. */
async function fanOut(count: number) {
  const endpoint = inproc();
  const xpub = t.socket(zmq.XPUB);
  xpub.setsockopt(zmq.XPUB_VERBOSE, true); // every subscription, though all are the same
  xpub.bind(endpoint);
  const subs = Array.from({ length: count }, () => {
    const sub = t.socket(zmq.SUB);
    sub.setsockopt(zmq.SUBSCRIBE, "");
    sub.connect(endpoint);
    return sub;
  });
  for (let i = 0; i < count; i++) await xpub.recv(); // each subscription
  return { xpub, subs };
}

const RECEIVES: Array<[string, (sock: zmq.Socket) => Promise<Buffer>]> = [
  ["recv()", (sock) => sock.recv()],
  ["recvMultipart()", async (sock) => (await sock.recvMultipart())[0]],
  ["for await", async (sock) => (await sock[Symbol.asyncIterator]().next()).value[0]],
  ["recvMany()", async (sock) => (await sock.recvMany())[0][0]],
  ["recvMsg().data", async (sock) => (await sock.recvMsg()).data],
];

describe("one message fanned out to two subscribers over inproc", () => {
  test.each(RECEIVES.flatMap(([via, receive]) => SIZES.map((size) => [via, size, receive] as const)))(
    "%s, %i bytes: writing one subscriber's frame leaves the other's as sent",
    async (_, size, receive) => {
      const { xpub, subs } = await fanOut(2);
      const payload = randomBytes(size);
      await xpub.send(payload);
      const [first, second] = [await receive(subs[0]), await receive(subs[1])];
      first.fill(0x58);
      expect(second.equals(payload)).toBe(true);
    },
  );

  test("a received Message of a shared frame keeps its more flag", async () => {
    const { xpub, subs } = await fanOut(2);
    const payload = randomBytes(64 * 1024);
    await xpub.send([payload, "tail"]);
    const [first, second] = [await subs[0].recvMsg(), await subs[1].recvMsg()];
    expect([first.more, second.more]).toEqual([true, true]);
    first.data.fill(0x58);
    expect(second.data.equals(payload)).toBe(true);
    expect([(await subs[0].recv()).toString(), (await subs[1].recv()).toString()]).toEqual(["tail", "tail"]);
  });

  test.each(SIZES)("%i bytes, the other subscriber in a Worker: its writes never reach ours", async (size) => {
    const endpoint = inproc();
    const xpub = zmq.context().socket(zmq.XPUB);
    const sub = zmq.context().socket(zmq.SUB);
    try {
      xpub.setsockopt(zmq.XPUB_VERBOSE, true);
      xpub.bind(endpoint);
      sub.setsockopt(zmq.SUBSCRIBE, "");
      sub.connect(endpoint);
      const writer = startWorker("workers/sub-writer.mts", { endpoint });
      await xpub.recv();
      await xpub.recv();
      const payload = randomBytes(size);
      await xpub.send(payload);
      const ours = await sub.recv();
      expect(await nextMessage(writer, "the Worker's write")).toBe(`written ${size}`);
      expect(ours.equals(payload)).toBe(true);
    } finally {
      xpub.close();
      sub.close();
    }
  });
});

/** A PAIR → PAIR link over inproc, where libzmq hands a sent message's bytes straight over. */
function link(): [zmq.Socket, zmq.Socket] {
  const endpoint = inproc();
  const a = t.socket(zmq.PAIR);
  const b = t.socket(zmq.PAIR);
  a.bind(endpoint);
  b.connect(endpoint);
  return [a, b];
}

describe("a sent Message cannot be rewritten through what is left of it", () => {
  test.each(SIZES)("%i bytes: a data view taken before the send is detached by it", async (size) => {
    const [a, b] = link();
    const payload = randomBytes(size);
    const msg = new zmq.Message(payload);
    const view = msg.data;
    const part = view.subarray(1);
    await a.send(msg);
    // The bytes went without a copy: nothing of the sender's reaches them any more.
    expect(view.length).toBe(0);
    expect(part.length).toBe(0);
    expect(() => view.fill(0x58)).toThrow(TypeError);
    expect((await b.recv()).equals(payload)).toBe(true);
  });

  test.each(SIZES)("%i bytes: a copy() of it, written after the send", async (size) => {
    const [a, b] = link();
    const payload = randomBytes(size);
    const msg = new zmq.Message(payload);
    const copy = msg.copy();
    await a.send(msg);
    copy.data.fill(0x58);
    expect((await b.recv()).equals(payload)).toBe(true);
  });

  test.each(SIZES)("%i bytes: a received Message forwarded, its view written after", async (size) => {
    const [a, b] = link();
    const [c, d] = link();
    const payload = randomBytes(size);
    await a.send(payload);
    const received = await b.recvMsg();
    const view = received.data;
    await c.send(received);
    expect(view.length).toBe(0);
    expect(() => view.fill(0x58)).toThrow(TypeError);
    expect((await d.recv()).equals(payload)).toBe(true);
  });
});

// Over inproc a large frame's bytes stay in the block it was sent in (native/send_blocks.cc)
// until its receiver's Buffer is collected; blocks then go round again. The GC is run every
// 20 frames (and the finalizers' turn let pass), so that they do within the test.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("large frames sent over inproc in kept blocks", () => {
  function pairOverInproc(hwm?: number) {
    const endpoint = inproc();
    const receiver = t.socket(zmq.PAIR);
    const sender = t.socket(zmq.PAIR);
    if (hwm !== undefined) {
      receiver.setsockopt(zmq.RCVHWM, hwm);
      sender.setsockopt(zmq.SNDHWM, hwm);
    }
    receiver.bind(endpoint);
    sender.connect(endpoint);
    return { receiver, sender };
  }

  test.each([64 * 1024, 100 * 1024, 1024 * 1024])("%i bytes: the frames kept keep their bytes while the blocks of those dropped go round", async (size) => {
    const { receiver, sender } = pairOverInproc();
    const frame = Buffer.alloc(size);
    const kept: Array<[number, Buffer]> = [];
    for (let i = 0; i < 300; i++) {
      await sender.send(frame.fill(i % 251));
      const received = await receiver.recv();
      if (i % 10 === 0) kept.push([i % 251, received]);
      if (i % 20 === 19) {
        collectGarbage();
        await turn();
        await turn();
      }
    }
    const changed = kept.filter(([value, received]) => received.length !== size || received.some((byte) => byte !== value));
    expect(changed.map(([value]) => value)).toEqual([]);
  });

  test("frames refused at the high-water mark give their blocks back; those sent before and after stay whole", async () => {
    const { receiver, sender } = pairOverInproc(1);
    const sent: Buffer[] = [];
    let refused = 0;
    while (refused < 3) {
      const frame = randomBytes(256 * 1024);
      if (sender.trySend(frame)) sent.push(frame);
      else refused++;
    }
    const received: Buffer[] = [];
    for (let frame = receiver.tryRecv(); frame !== null; frame = receiver.tryRecv()) received.push(frame);
    sent.push(randomBytes(256 * 1024));
    await sender.send(sent.at(-1)!);
    received.push(await receiver.recv());
    expect(received.length).toBe(sent.length);
    expect(received.every((frame, i) => frame.equals(sent[i]))).toBe(true);
  });
});

// Frames that libzmq holds for nobody else become Buffers over its own bytes in the main
// thread (from 16 KiB over inproc, 512 KiB over a connection: native/frames.cc). Their
// bytes stay the receiver's, and live as long as its Buffer does, whichever thread sent them.
describe("large frames received without a copy", () => {
  const messages = () => [
    [randomBytes(16 * 1024)],
    [randomBytes(64 * 1024)],
    [randomBytes(8), randomBytes(1024 * 1024)],
  ];
  // Byte for byte, with Buffer.equals (toEqual walks a MiB a byte at a time, for seconds).
  const same = (received: Buffer[][], sent: Uint8Array[][]) =>
    received.length === sent.length &&
    received.every((frames, i) => frames.length === sent[i].length && frames.every((f, j) => f.equals(sent[i][j])));

  test("frames a Worker sent over inproc keep their bytes after the Worker has ended", async () => {
    const endpoint = inproc();
    const sent = messages();
    const pull = zmq.context().socket(zmq.PULL);
    try {
      pull.bind(endpoint);
      const sender = startWorker("workers/frame-sender.mts", { endpoint, messages: sent });
      const received: Buffer[][] = [];
      for (let i = 0; i < sent.length; i++) received.push(await within(pull.recvMultipart(), `message ${i}`));
      expect(await workerExit(sender)).toBe(0);
      expect(same(received, sent)).toBe(true);
    } finally {
      pull.close();
    }
  });

  test("a Worker ends holding frames it received from the main thread over inproc", async () => {
    const endpoint = inproc();
    const sent = messages();
    const push = zmq.context().socket(zmq.PUSH);
    try {
      push.bind(endpoint);
      const keeper = startWorker("workers/frame-keeper.mts", { endpoint, messages: sent });
      expect(await nextMessage(keeper, "the Worker's connect")).toBe("connected");
      for (const frames of sent) await push.send(frames);
      expect(await nextMessage(keeper, "the Worker's check")).toBe(`kept ${sent.length}`);
      expect(await workerExit(keeper)).toBe(0);
    } finally {
      push.close();
    }
    // The main thread's own large frames are untouched by the Worker's teardown.
    const [a, b] = link();
    await a.send(sent[2]);
    expect(same([await b.recvMultipart()], [sent[2]])).toBe(true);
  });

  // A Worker's teardown runs the finalizer of every external Buffer it made: its received
  // frames are copies, and its Message views not yet finalized then keep their bytes.
  test.each(["recv", "recvMsg"])("bytes from a Worker's %s moved on by ArrayBuffer.prototype.transfer outlive the Worker", async (receive) => {
    const fixture = runFixture("test/fixtures/inproc/transfer-from-worker.mts", [receive]);
    expect(await fixture.exit(20_000)).toEqual({ code: 0, signal: null });
    expect(fixture.lines.at(-1)).toBe(`intact ${1024 * 1024}`);
  });

  test("1 MiB frames over tcp: writing each one received leaves the next as sent", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind("tcp://127.0.0.1:*");
    const push = t.socket(zmq.PUSH);
    push.connect(pull.lastEndpoint);
    const payloads = Array.from({ length: 4 }, () => randomBytes(1024 * 1024));
    for (const payload of payloads) await push.send(payload);
    const kept: Buffer[] = []; // held, so no frame's bytes can be reused under the next
    for (const payload of payloads) {
      const frame = await pull.recv();
      expect(frame.equals(payload)).toBe(true);
      kept.push(frame.fill(0x58));
    }
  });
});
