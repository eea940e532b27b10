// 'message' events (frames as arguments), read(), pause/resume, subscriptions.
import { describe, expect, test } from "vitest";
import * as napi from "zmq-napi";
import type compat from "zmq-napi/compat";
import { inproc, next, nextMessage, until, useCompatSockets } from "../support/compat";

const socket = useCompatSockets();

test("'message' gets the frames as separate Buffer arguments", async () => {
  const endpoint = inproc();
  const router = socket("router").bindSync(endpoint);
  const dealer = socket("dealer");
  dealer.identity = "D1";
  dealer.connect(endpoint);
  dealer.send(["part 1", "part 2"]);
  const frames = await next(router, "message");
  expect(frames.every((frame) => Buffer.isBuffer(frame))).toBe(true);
  expect(frames.map(String)).toEqual(["D1", "part 1", "part 2"]);
});

test("a listener that throws becomes one 'error', and delivery goes on", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const errors: unknown[] = [];
  pull.on("error", (error) => errors.push(error));
  const received: string[] = [];
  pull.on("message", (frame: Buffer) => {
    received.push(frame.toString());
    if (frame.toString() === "bad") throw new Error("listener failed");
  });
  const push = socket("push").connect(endpoint);
  for (const text of ["bad", "good", "bad", "good"]) push.send(text);
  await until(() => (received.length === 4 ? received : null), "all four messages");
  expect(received).toEqual(["bad", "good", "bad", "good"]);
  expect(errors.map((error) => (error as Error).message)).toEqual(["listener failed", "listener failed"]);
});

test("read() gives the next whole message synchronously, or null", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  expect(pull.read()).toBeNull();
  const push = socket("push").connect(endpoint);
  push.send(["one", "two"]);
  push.send("three");
  const first = await until(() => pull.read(), "the first message");
  expect(first.map(String)).toEqual(["one", "two"]);
  expect(pull.read()?.map(String)).toEqual(["three"]);
  expect(pull.read()).toBeNull();
  // Sockets that cannot receive now answer null, not an error.
  expect(socket("req").connect(endpoint).read()).toBeNull();
  expect(socket("pub").bindSync(inproc()).read()).toBeNull();
});

test("pause() holds incoming messages (read() still takes them); resume() delivers the rest", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const delivered: string[] = [];
  pull.on("message", (frame: Buffer) => delivered.push(frame.toString()));
  pull.pause();
  const push = socket("push").connect(endpoint);
  for (const text of ["first", "second", "third"]) push.send(text);
  expect((await until(() => pull.read(), "a held message")).map(String)).toEqual(["first"]);
  // read() had the socket look at what waits on its next turn (setImmediate): after it.
  await new Promise((resolve) => setImmediate(resolve));
  expect(delivered).toEqual([]);
  pull.resume();
  expect(delivered).toEqual(["second", "third"]);
});

test("pause() holds outgoing sends until resume()", async () => {
  const endpoint = inproc();
  await (async () => {
    const pull = napi.context().socket(napi.PULL);
    try {
      pull.bind(endpoint);
      const push = socket("push").connect(endpoint);
      push.pause();
      let sent = false;
      push.send("held", 0, () => (sent = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent).toBe(false);
      expect(pull.tryRecv()).toBeNull();
      push.resume();
      expect(sent).toBe(true);
      expect(pull.tryRecv()?.toString()).toBe("held");
    } finally {
      pull.close();
    }
  })();
});

test("a 'message' listener added later gets what waited meanwhile", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  socket("push").connect(endpoint).send("early");
  await new Promise((resolve) => setImmediate(resolve));
  expect(await nextMessage(pull)).toEqual(["early"]);
});

test("subscribe() and unsubscribe() filter what a SUB gets", async () => {
  const endpoint = inproc();
  const pub = socket("pub").bindSync(endpoint);
  const sub = socket("sub").connect(endpoint);
  sub.subscribe("A");
  const received: string[] = [];
  sub.on("message", (frame: Buffer) => received.push(frame.toString()));
  // The subscription reaches the PUB asynchronously: publish until it has.
  await until(() => {
    pub.send("B skipped");
    pub.send("A kept");
    return received.length > 0 ? received : null;
  }, "a message matching the subscription");
  expect(new Set(received)).toEqual(new Set(["A kept"]));
  sub.unsubscribe("A");
  sub.subscribe("C");
  received.length = 0;
  await until(() => {
    pub.send("A dropped now");
    pub.send("C kept");
    return received.includes("C kept") ? received : null;
  }, "a message matching the new subscription");
  expect(received.slice(received.indexOf("C kept"))).not.toContain("A dropped now");
});

test("listeners coming and going, and read() between them, lose and reorder nothing", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const push = socket("push").connect(endpoint);
  const count = 1000; // more than one turn's batch
  for (let n = 0; n < count; n++) push.send(`m${n}`);
  const got: string[] = [];
  // One message to a once() listener; then, on a later turn with no listener, two by read()
  // (the others wait meanwhile); then the rest to a listener that leaves and comes back.
  await new Promise<void>((resolve) => pull.once("message", (frame: Buffer) => resolve(void got.push(`${frame}`))));
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 2; i++) got.push(String((await until(() => pull.read(), "a message to read()"))[0]));
  const listener = (frame: Buffer) => {
    got.push(frame.toString());
    if (got.length % 100 === 0) {
      pull.off("message", listener);
      setImmediate(() => pull.on("message", listener));
    }
  };
  pull.on("message", listener);
  await until(() => (got.length === count ? got : null), `all ${count} messages`);
  expect(got).toEqual(Array.from({ length: count }, (_, n) => `m${n}`));
});

// 'message' passes frames as arguments, and a call of some 60,000 runs out of V8's stack: a
// message of more frames than MAX_MESSAGE_FRAMES, a peer's choice, must not end the process.
describe("a message of more frames than 'message' passes", () => {
  const FRAMES = 100_000;

  /** A compat PULL sent one message of FRAMES empty frames, then "after it"; what came. */
  async function sendTooMany(listen: (pull: compat.Socket) => void, done: () => boolean): Promise<string[]> {
    const endpoint = inproc();
    const pull = socket("pull").bindSync(endpoint);
    listen(pull);
    const received: string[] = [];
    pull.on("message", (frame: Buffer) => received.push(frame.toString()));
    const push = napi.context().socket(napi.PUSH);
    try {
      push.connect(endpoint);
      await push.send(Array.from({ length: FRAMES }, () => ""));
      await push.send("after it");
      await until(() => (received.length === 1 && done() ? received : null), "the message after it");
    } finally {
      push.close();
    }
    return received;
  }

  test("is an 'error' carrying its frames; the next message arrives", async () => {
    const errors: unknown[] = [];
    const received = await sendTooMany((pull) => pull.on("error", (error) => errors.push(error)), () => true);
    expect(received).toEqual(["after it"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RangeError);
    expect((errors[0] as { frames: Buffer[] }).frames).toHaveLength(FRAMES);
  });

  test("with no 'error' listener, is a process warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      expect(await sendTooMany(() => undefined, () => warnings.length === 1)).toEqual(["after it"]);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings[0]).toBeInstanceOf(RangeError);
    expect(warnings[0].message).toMatch(/100000 frames/);
  });
});
