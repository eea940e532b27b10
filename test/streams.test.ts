// Sockets as streams: Node's Readable/Writable and the Web Streams, one message per chunk;
// what tearing a stream down does to its socket, and what closing the socket does to it.
import { once } from "node:events";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { within } from "./support/fixture-process";
import { pushPullPair } from "./support/push-pull-pair";

const t = useTestContext();
let count = 0;
const endpoint = () => `inproc://streams-${++count}`;
const pair = () => pushPullPair(t, endpoint());

const texts = (frames: Buffer[]) => frames.map(String);

test("readable(): one chunk per message, its frames in order", async () => {
  const [push, pull] = pair();
  const total = 500;
  for (let i = 0; i < total; i++) await push.send([`${i}`, "second frame"]);
  const received: string[][] = [];
  for await (const frames of pull.readable()) {
    received.push(texts(frames));
    if (received.length === total) break; // break destroys the stream, which closes the socket
  }
  expect(received).toEqual(Array.from({ length: total }, (_, i) => [`${i}`, "second frame"]));
  expect(pull.closed).toBe(true);
});

test("pipeline(source, sock.writable()) sends every chunk in order, then closes the socket", async () => {
  const [push, pull] = pair();
  const chunks = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? [`${i}`, "tail"] : `${i}`));
  await within(pipeline(Readable.from(chunks), push.writable()), "the pipeline");
  expect(push.closed).toBe(true);
  for (const chunk of chunks) {
    expect(texts(await within(pull.recvMultipart(), "a piped message"))).toEqual(Array.isArray(chunk) ? chunk : [chunk]);
  }
});

test("a writable's backpressure is the socket's high-water mark", async () => {
  const push = t.socket(zmq.PUSH);
  push.setsockopt(zmq.SNDHWM, 4);
  push.bind(endpoint()); // no peer yet: libzmq takes nothing
  const writable = push.writable({ highWaterMark: 2 });
  let accepted = 0;
  while (writable.write(`${accepted}`)) accepted++;
  accepted++; // the write that said false was still taken into the stream's buffer
  expect(accepted).toBe(2);
  expect(writable.writableLength).toBe(2);

  const pull = t.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVHWM, 4);
  pull.connect(push.lastEndpoint);
  await within(once(writable, "drain"), "drain once a peer takes messages");
  // Once the peer is there, libzmq's queue takes what the stream held, up to its HWM.
  for (let i = 0; i < accepted; i++) expect((await within(pull.recv(), "a written message")).toString()).toBe(`${i}`);
});

test("destroying a readable closes the socket; with { close: false } the socket stays, with nothing taken", async () => {
  const [push, pull] = pair();
  const closing = pull.readable();
  closing.destroy();
  await once(closing, "close");
  expect(pull.closed).toBe(true);

  const [push2, pull2] = pair();
  const readable = pull2.readable({ close: false });
  readable.on("data", () => {
    throw new Error("no message may reach a destroyed stream");
  });
  // Let the stream's receive start waiting on the socket, then tear the stream down.
  await new Promise((resolve) => setImmediate(resolve));
  readable.destroy();
  await once(readable, "close");
  expect(pull2.closed).toBe(false);
  await push2.send("for the socket");
  expect((await within(pull2.recv(), "the message after the destroyed stream")).toString()).toBe("for the socket");
  push.close();
});

test("closing the socket ends its readable, and errors a writable's pending write with ENOTSOCK", async () => {
  const [push, pull] = pair();
  const readable = pull.readable();
  const ended = once(readable, "end");
  readable.resume();
  await new Promise((resolve) => setImmediate(resolve));
  pull.close();
  await within(ended, "the readable's end");

  const lonely = t.socket(zmq.PUSH);
  lonely.bind(endpoint());
  const writable = lonely.writable();
  writable.write("waits: no peer");
  const failed = once(writable, "error");
  await new Promise((resolve) => setImmediate(resolve));
  lonely.close();
  const [error] = await within(failed, "the writable's error");
  expect(error).toMatchObject({ code: "ENOTSOCK" });
  push.close();
});

test("destroying a writable with { close: false } withdraws its waiting send and leaves the socket open", async () => {
  const push = t.socket(zmq.PUSH);
  push.bind(endpoint());
  const writable = push.writable({ close: false });
  writable.on("error", () => {});
  writable.write("withdrawn");
  await new Promise((resolve) => setImmediate(resolve));
  writable.destroy();
  await once(writable, "close");
  expect(push.closed).toBe(false);
  const pull = t.socket(zmq.PULL);
  pull.connect(push.lastEndpoint);
  await push.send("sent after");
  expect((await within(pull.recv(), "the socket's next message")).toString()).toBe("sent after");
});

test("a readable's signal destroys it, as Node's own streams' does", async () => {
  const [, pull] = pair();
  const controller = new AbortController();
  const readable = pull.readable({ signal: controller.signal });
  const failed = once(readable, "error");
  const closed = new Promise((resolve) => readable.once("close", resolve)); // once() rejects on "error"
  readable.resume();
  controller.abort();
  const [error] = await within(failed, "the abort");
  expect(error).toMatchObject({ name: "AbortError" });
  await within(closed, "the stream's close");
  expect(pull.closed).toBe(true);
});

test("Web Streams: readableStream() and writableStream() carry messages; pipeTo closes the writer's socket", async () => {
  const [push, pull] = pair();
  const source = new ReadableStream<zmq.MessageLike>({
    start(controller) {
      for (let i = 0; i < 100; i++) controller.enqueue([`${i}`, "web"]);
      controller.close();
    },
  });
  await within(source.pipeTo(push.writableStream()), "pipeTo");
  expect(push.closed).toBe(true);
  const received: string[][] = [];
  for await (const frames of pull.readableStream({ close: false })) {
    received.push(texts(frames));
    if (received.length === 100) break; // cancels the stream: the socket stays open
  }
  expect(received).toEqual(Array.from({ length: 100 }, (_, i) => [`${i}`, "web"]));
  expect(pull.closed).toBe(false);
});

test("Web Streams: cancel() closes the socket, or with { close: false } leaves the next message to it", async () => {
  const [push, pull] = pair();
  const reader = pull.readableStream({ close: false }).getReader();
  const reading = reader.read();
  await new Promise((resolve) => setImmediate(resolve));
  await reader.cancel();
  expect(await reading).toEqual({ done: true, value: undefined });
  await push.send("next");
  expect((await within(pull.recv(), "the message after cancel")).toString()).toBe("next");

  await pull.readableStream().cancel();
  expect(pull.closed).toBe(true);
  const closedReader = push.readableStream({ close: false }).getReader();
  push.close();
  expect(await within(closedReader.read(), "a read of a closed socket's stream")).toEqual({ done: true, value: undefined });
});

test("bad stream options are a TypeError or RangeError", () => {
  const [push] = pair();
  expect(() => push.writable({ close: "no" as never })).toThrow(TypeError);
  expect(() => push.writable({ highWaterMark: -1 })).toThrow(RangeError);
  expect(() => push.readableStream(null as never)).toThrow(TypeError);
  // A Web stream that leaves its socket open may hold nothing its cancel would lose.
  expect(() => push.readableStream({ close: false, highWaterMark: 1 })).toThrow(RangeError);
  expect(() => push.writableStream({ signal: AbortSignal.abort() } as never)).toThrow(TypeError);
});

test("a readable destroyed with { close: false } gives back what it took and did not deliver, in order", async () => {
  const [push, pull] = pair();
  for (let i = 0; i < 10; i++) await push.send(`m${i}`);
  const readable = pull.readable({ close: false });
  const [first] = (await within(once(readable, "readable").then(() => readable.read() as Buffer[]), "a chunk")) ?? [];
  expect(first.toString()).toBe("m0");
  expect(readable.readableLength).toBeGreaterThan(0); // read ahead into the stream's buffer
  readable.destroy();
  const rest: string[] = [];
  for (let i = 1; i < 10; i++) rest.push((await within(pull.recv(), "a given-back message")).toString());
  expect(rest).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"]);
  expect(pull.tryRecv()).toBeNull();
});

test("messages a readable's receive took as the stream was destroyed go back to the socket", async () => {
  const [push, pull] = pair();
  for (const text of ["a", "b", "c"]) await push.send(text);
  await within(zmq.poll([{ socket: pull, events: zmq.POLLIN }]), "the messages to arrive");
  const readable = pull.readable({ close: false });
  readable.read(0); // its receive takes the waiting messages now; they reach the stream in a microtask
  readable.destroy(); // before then
  const received: string[] = [];
  for (let i = 0; i < 3; i++) received.push((await within(pull.recv(), "a given-back message")).toString());
  expect(received).toEqual(["a", "b", "c"]);
});

test("Web Streams: abort() of a writable waiting at the high-water mark ends at once, and sends nothing", async () => {
  const push = t.socket(zmq.PUSH);
  push.bind(endpoint()); // no peer: the write waits for ever
  const writer = push.writableStream({ close: false }).getWriter();
  const written = writer.write("never sent");
  written.catch(() => {});
  await new Promise((resolve) => setImmediate(resolve));
  await within(writer.abort(new Error("stop")), "abort()");
  await expect(written).rejects.toBeDefined();
  const pull = t.socket(zmq.PULL);
  pull.connect(push.lastEndpoint);
  await push.send("after");
  expect((await within(pull.recv(), "the next message")).toString()).toBe("after");

  const closing = t.socket(zmq.PUSH);
  closing.bind(endpoint());
  const closingWriter = closing.writableStream().getWriter();
  closingWriter.write("waits").catch(() => {});
  await new Promise((resolve) => setImmediate(resolve));
  await within(closingWriter.abort(), "abort() with close");
  expect(closing.closed).toBe(true);
});

test("Web Streams: a writableStream that leaves its socket open still takes writes (pipeTo ends)", async () => {
  const [push, pull] = pair();
  const source = new ReadableStream<string>({
    start(controller) {
      for (const text of ["one", "two", "three"]) controller.enqueue(text);
      controller.close();
    },
  });
  await within(source.pipeTo(push.writableStream({ close: false })), "pipeTo a { close: false } stream");
  expect(push.closed).toBe(false);
  for (const text of ["one", "two", "three"]) expect((await within(pull.recv(), "a piped message")).toString()).toBe(text);
});

test("Web Streams: a stream that errors closes its socket, so the context can end", async () => {
  const context = new zmq.Context();
  const push = context.socket(zmq.PUSH);
  push.bind("inproc://streams-error");
  const writer = push.writableStream().getWriter();
  await expect(writer.write(42 as never)).rejects.toThrow(TypeError);
  expect(push.closed).toBe(true);
  const pull = context.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVTIMEO, 10);
  pull.connect("inproc://streams-error");
  await expect(within(pull.readableStream().getReader().read(), "a timed-out read")).rejects.toMatchObject({ code: "EAGAIN" });
  expect(pull.closed).toBe(true);
  await within(context.term(), "term()");
});
