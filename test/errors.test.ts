// Errors carry what API.md promises: libzmq failures are ZmqErrors with `code`, a numeric
// `errno` and zmq_strerror's text (plus `address` for endpoint calls); misuse of a closed
// socket or terminated context is a ZmqError too; wrong argument types are TypeErrors or
// RangeErrors thrown synchronously, before anything reaches libzmq.
import { closeSync, openSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

// libzmq's own errno values (ZMQ_HAUSNUMERO + n, zmq.h); the rest are the platform's.
const ERRNO: Record<string, number> = {
  ...(osConstants.errno as Record<string, number>),
  EFSM: 156384712 + 51,
  ETERM: 156384712 + 53,
};

// What zmq_strerror says (libzmq's own texts exactly; the C library's loosely, as libcs
// word them differently), and our text for a closed socket.
const MESSAGE: Record<string, string | RegExp> = {
  EADDRINUSE: /address (already )?in use/i,
  EINVAL: /invalid argument/i,
  EPROTONOSUPPORT: /protocol not supported/i,
  ENOENT: /no such file or directory/i,
  EAGAIN: /resource temporarily unavailable|try again/i,
  EFSM: "Operation cannot be accomplished in current state",
  ETERM: "Context was terminated",
  ENOTSOCK: "Socket is closed",
};

function expectZmqError(error: unknown, code: string, address?: string): void {
  expect(error).toBeInstanceOf(zmq.ZmqError);
  const { errno, message } = error as zmq.ZmqError;
  expect((error as zmq.ZmqError).code).toBe(code);
  expect(errno).toBe(ERRNO[code]);
  if (MESSAGE[code] !== undefined) expect(message).toMatch(MESSAGE[code]);
  if (address !== undefined) expect((error as zmq.ZmqError).address).toBe(address);
}

/** The error a call throws, or its promise rejects with; fails the test if it succeeds. */
async function failure(fn: () => unknown): Promise<unknown> {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    return error;
  }
  try {
    await result;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

let counter = 0;
const inproc = () => `inproc://errors-${process.pid}-${++counter}`;

describe("libzmq errors", () => {
  const t = useTestContext();

  test.each([
    { transport: "tcp", endpoint: "tcp://127.0.0.1:*" },
    { transport: "inproc", endpoint: "inproc://errors-double-bind" },
  ])("binding a $transport endpoint twice is EADDRINUSE with the address", async ({ endpoint }) => {
    const first = t.socket(zmq.PULL);
    first.bind(endpoint);
    const second = t.socket(zmq.PULL);
    expectZmqError(await failure(() => second.bind(first.lastEndpoint)), "EADDRINUSE", first.lastEndpoint);
  });

  test.each([
    ["nonsense", "EINVAL"],
    ["foo://bar", "EPROTONOSUPPORT"],
    ["tcp://", "EINVAL"],
    ["tcp://127.0.0.1:notaport", "EINVAL"],
    ["inproc://", "EINVAL"],
  ])("a malformed endpoint %j is %s with the address, for bind and connect", async (endpoint, code) => {
    const sock = t.socket(zmq.DEALER);
    expectZmqError(await failure(() => sock.bind(endpoint)), code, endpoint);
    expectZmqError(await failure(() => sock.connect(endpoint)), code, endpoint);
  });

  test("unbinding or disconnecting an endpoint never used is ENOENT with the address", async () => {
    const sock = t.socket(zmq.DEALER);
    const endpoint = "tcp://127.0.0.1:1";
    expectZmqError(await failure(() => sock.unbind(endpoint)), "ENOENT", endpoint);
    expectZmqError(await failure(() => sock.disconnect(endpoint)), "ENOENT", endpoint);
  });

  test("recv(DONTWAIT) with nothing waiting rejects with EAGAIN", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind(inproc());
    expectZmqError(await failure(() => pull.recv(zmq.DONTWAIT)), "EAGAIN");
    expectZmqError(await failure(() => pull.recvMsg(zmq.DONTWAIT)), "EAGAIN");
  });

  test("send(x, DONTWAIT) with no peer rejects with EAGAIN", async () => {
    const push = t.socket(zmq.PUSH);
    push.bind(inproc());
    expectZmqError(await failure(() => push.send("nobody there", zmq.DONTWAIT)), "EAGAIN");
  });

  test("send(x, DONTWAIT) at the high-water mark rejects with EAGAIN", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.setsockopt(zmq.SNDHWM, 1);
    pull.setsockopt(zmq.RCVHWM, 1);
    push.bind(inproc());
    pull.connect(push.lastEndpoint);
    // Fill the pipe until libzmq refuses; a few messages at most with both limits at 1.
    let queued = 0;
    while (push.trySend(`fill ${queued}`)) {
      queued++;
      expect(queued).toBeLessThan(100);
    }
    expect(queued).toBeGreaterThan(0);
    expectZmqError(await failure(() => push.send("one too many", zmq.DONTWAIT)), "EAGAIN");
    // The queued messages are intact: the refused one was never half-sent.
    for (let i = 0; i < queued; i++) expect((await pull.recv()).toString()).toBe(`fill ${i}`);
    expect(pull.tryRecv()).toBeNull();
  });

  test("REQ recv before send is EFSM", async () => {
    const req = t.socket(zmq.REQ);
    req.connect(inproc());
    expectZmqError(await failure(() => req.recv()), "EFSM");
  });

  test("REQ send twice without a reply is EFSM", async () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.bind(inproc());
    req.connect(rep.lastEndpoint);
    await req.send("first");
    expectZmqError(await failure(() => req.send("second")), "EFSM");
  });

  test("an invalid socket type is EINVAL", async () => {
    for (const type of [999, -1]) {
      expectZmqError(await failure(() => t.context.socket(type)), "EINVAL");
    }
  });
});

describe("closed sockets", () => {
  const t = useTestContext();

  // Every public method of a socket, called after close().
  const CALLS: [string, (sock: zmq.Socket) => unknown][] = [
    ["bind", (s) => s.bind("inproc://closed")],
    ["unbind", (s) => s.unbind("inproc://closed")],
    ["connect", (s) => s.connect("inproc://closed")],
    ["disconnect", (s) => s.disconnect("inproc://closed")],
    ["setsockopt", (s) => s.setsockopt(zmq.LINGER, 0)],
    ["getsockopt", (s) => s.getsockopt(zmq.LINGER)],
    ["lastEndpoint", (s) => s.lastEndpoint],
    ["more", (s) => s.more],
    ["send", (s) => s.send("x")],
    ["send(DONTWAIT)", (s) => s.send("x", zmq.DONTWAIT)],
    ["sendMany", (s) => s.sendMany(["x"])],
    ["trySend", (s) => s.trySend("x")],
    ["recv", (s) => s.recv()],
    ["recv(DONTWAIT)", (s) => s.recv(zmq.DONTWAIT)],
    ["recvMultipart", (s) => s.recvMultipart()],
    ["recvMsg", (s) => s.recvMsg()],
    ["recvMany", (s) => s.recvMany()],
    ["tryRecv", (s) => s.tryRecv()],
    ["monitor", (s) => s.monitor()],
  ];

  test.each(CALLS)("%s after close() is ENOTSOCK (Socket is closed)", async (_, call) => {
    const sock = t.socket(zmq.DEALER);
    sock.close();
    expectZmqError(await failure(() => call(sock)), "ENOTSOCK");
  });

  test("close() is idempotent", () => {
    const sock = t.socket(zmq.DEALER);
    sock.close();
    expect(() => sock.close()).not.toThrow();
    expect(sock.closed).toBe(true);
  });

  test("pending recv and send reject with ENOTSOCK when the socket is closed", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind(inproc());
    const push = t.socket(zmq.PUSH); // no peer: a send waits
    push.bind(inproc());
    const receiving = failure(() => pull.recv());
    const sending = failure(() => push.send("never"));
    pull.close();
    push.close();
    expectZmqError(await receiving, "ENOTSOCK");
    expectZmqError(await sending, "ENOTSOCK");
  });

  test("iterating a closed socket ends at once", async () => {
    const sock = t.socket(zmq.PULL);
    sock.close();
    const seen: Buffer[][] = [];
    for await (const frames of sock) seen.push(frames);
    expect(seen).toEqual([]);
  });
});

describe("terminated contexts", () => {
  test.each([
    ["bind", (s: zmq.Socket) => s.bind(inproc())],
    ["connect", (s: zmq.Socket) => s.connect(inproc())],
    ["send", (s: zmq.Socket) => s.send("x")],
    ["trySend", (s: zmq.Socket) => s.trySend("x")],
    ["recv", (s: zmq.Socket) => s.recv()],
    ["recvMsg", (s: zmq.Socket) => s.recvMsg()],
    ["tryRecv", (s: zmq.Socket) => s.tryRecv()],
  ])("%s after ctx.shutdown() is ETERM", async (_, call) => {
    const ctx = new zmq.Context();
    const sock = ctx.socket(zmq.PAIR);
    try {
      ctx.shutdown();
      expectZmqError(await failure(() => call(sock)), "ETERM");
    } finally {
      sock.close();
      await ctx.term();
    }
  });

  test("making a socket in a shut down context is ETERM", async () => {
    const ctx = new zmq.Context();
    ctx.shutdown();
    expectZmqError(await failure(() => ctx.socket(zmq.PUSH)), "ETERM");
    await ctx.term();
  });

  test("making a socket, or reading an option, of a terminated context is ETERM", async () => {
    const ctx = new zmq.Context();
    await ctx.term();
    expectZmqError(await failure(() => ctx.socket(zmq.PUSH)), "ETERM");
    expectZmqError(await failure(() => ctx.get(zmq.IO_THREADS)), "ETERM");
    expectZmqError(await failure(() => ctx.set(zmq.MAX_SOCKETS, 16)), "ETERM");
  });
});

describe("wrong arguments", () => {
  const t = useTestContext();
  const as = <T>(value: unknown) => value as T;

  // [call, what to do with a fresh PUSH socket, the error class it must throw synchronously]
  const CASES: [string, (s: zmq.Socket) => unknown, typeof TypeError | typeof RangeError][] = [
    ["sock.bind(5)", (s) => s.bind(as(5)), TypeError],
    ["sock.bind(undefined)", (s) => s.bind(as(undefined)), TypeError],
    ["sock.bind with a NUL in the endpoint", (s) => s.bind("inproc://a\0b"), TypeError],
    ["sock.connect(null)", (s) => s.connect(as(null)), TypeError],
    ["sock.unbind({})", (s) => s.unbind(as({})), TypeError],
    ["sock.disconnect([])", (s) => s.disconnect(as([])), TypeError],
    ["sock.send(undefined)", (s) => s.send(as(undefined)), TypeError],
    ["sock.send(null)", (s) => s.send(as(null)), TypeError],
    ["sock.send(42)", (s) => s.send(as(42)), TypeError],
    ["sock.send([])", (s) => s.send([]), TypeError],
    ["sock.send({})", (s) => s.send(as({})), TypeError],
    ["sock.send([Buffer, 5])", (s) => s.send(as([Buffer.from("a"), 5])), TypeError],
    ["sock.send(x, '1')", (s) => s.send("x", as("1")), TypeError],
    ["sock.send(x, 1.5)", (s) => s.send("x", 1.5), RangeError],
    ["sock.trySend(undefined)", (s) => s.trySend(as(undefined)), TypeError],
    ["sock.sendMany('x')", (s) => s.sendMany(as("x")), TypeError],
    ["sock.sendMany([5])", (s) => s.sendMany(as([5])), TypeError],
    ["sock.recv('x')", (s) => s.recv(as("x")), TypeError],
    ["sock.recv(1.5)", (s) => s.recv(1.5), RangeError],
    ["sock.recvMsg('x')", (s) => s.recvMsg(as("x")), TypeError],
    ["sock.recvMany(0)", (s) => s.recvMany(0), RangeError],
    ["sock.tryRecv({})", (s) => s.tryRecv(as({})), TypeError],
    ["sock.setsockopt('LINGER', 0)", (s) => s.setsockopt(as<number>("LINGER"), 0), TypeError],
    ["sock.getsockopt(undefined)", (s) => s.getsockopt(as<number>(undefined)), TypeError],
    ["sock.monitor('all')", (s) => s.monitor(as("all")), TypeError],
    ["sock.monitor(-1)", (s) => s.monitor(-1), RangeError],
    ["new Context(-1)", () => new zmq.Context(-1), RangeError],
    ["new Context('2')", () => new zmq.Context(as("2")), TypeError],
    ["new Context(1.5)", () => new zmq.Context(1.5), RangeError],
    ["zmq.init('2')", () => zmq.init(as("2")), TypeError],
    ["ctx.socket('PUSH')", (s) => s.context.socket(as("PUSH")), TypeError],
    ["ctx.socket(undefined)", (s) => s.context.socket(as(undefined)), TypeError],
    ["ctx.set('x', 1)", (s) => s.context.set(as<number>("x"), 1), TypeError],
    ["ctx.set(MAX_SOCKETS, '1')", (s) => s.context.set(zmq.MAX_SOCKETS, as("1")), TypeError],
    ["ctx.get(1.5)", (s) => s.context.get(as<number>(1.5)), RangeError],
    ["Context.attach({})", () => zmq.Context.attach(as({})), TypeError],
    ["new Message({})", () => new zmq.Message(as({})), TypeError],
    ["new Message(true)", () => new zmq.Message(as(true)), TypeError],
    ["new Message(-1)", () => new zmq.Message(-1), RangeError],
    ["new Message(1.5)", () => new zmq.Message(1.5), RangeError],
    ["msg.gets(5)", () => new zmq.Message("x").gets(as(5)), TypeError],
    ["z85Decode('abc')", () => zmq.z85Decode("abc"), RangeError],
    ["z85Decode of non-Z85 characters", () => zmq.z85Decode("     "), RangeError],
    ["z85Decode(5)", () => zmq.z85Decode(as(5)), TypeError],
    ["z85Encode(Buffer.alloc(3))", () => zmq.z85Encode(Buffer.alloc(3)), RangeError],
    ["z85Encode('abcd')", () => zmq.z85Encode(as("abcd")), TypeError],
    ["curvePublic(5)", () => zmq.curvePublic(as(5)), TypeError],
    ["curvePublic('short')", () => zmq.curvePublic("short"), RangeError],
    ["has(5)", () => zmq.has(as(5)), TypeError],
  ];

  test.each(CASES.map(([label, call, errorClass]) => ({ label, call, errorClass })))(
    "$label throws a $errorClass.name synchronously",
    ({ call, errorClass }) => {
      const sock = t.socket(zmq.PUSH);
      expect(() => call(sock)).toThrow(errorClass);
    },
  );

  test("a bad frame in a multipart message sends nothing, not even the good frames", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.bind(inproc());
    pull.connect(push.lastEndpoint);
    expect(() => push.send(as(["good", 5]))).toThrow(TypeError);
    await push.send("next");
    expect((await pull.recvMultipart()).map(String)).toEqual(["next"]);
  });
});

describe("every errno has its name", () => {
  const t = useTestContext();

  test("a poll on a closed fd rejects with code EBADF", async () => {
    const fd = openSync("/dev/null", "r");
    closeSync(fd);
    expectZmqError(await failure(() => zmq.poll([{ fd, events: zmq.POLLIN }], 0)), "EBADF");
  });

  test("an ipc path longer than sun_path is ENAMETOOLONG with the address", async () => {
    const endpoint = `ipc:///tmp/${"x".repeat(200)}`;
    expectZmqError(await failure(() => t.socket(zmq.PULL).bind(endpoint)), "ENAMETOOLONG", endpoint);
  });
});

describe("options and frames at their edges", () => {
  const t = useTestContext();

  test("lastEndpoint of an inproc name far past 4 KiB is the whole name", () => {
    const sock = t.socket(zmq.PULL);
    const endpoint = `inproc://${"n".repeat(70_000)}`;
    sock.bind(endpoint);
    expect(sock.lastEndpoint).toBe(endpoint);
  });

  // Each view is made before its ArrayBuffer is transferred away (a view cannot be made over
  // a detached one), as a frame kept somewhere while its bytes went to a Worker would be.
  const over = <T>(makeView: (bytes: ArrayBuffer) => T) => () => {
    const bytes = new ArrayBuffer(8);
    const view = makeView(bytes);
    structuredClone(bytes, { transfer: [bytes] });
    return view;
  };
  test.each([
    ["a detached ArrayBuffer", over((bytes) => bytes)],
    ["a Buffer over a detached ArrayBuffer", over((bytes) => Buffer.from(bytes))],
    ["a Uint32Array over one", over((bytes) => new Uint32Array(bytes))],
    ["a DataView over one", over((bytes) => new DataView(bytes))],
  ])("%s is a TypeError to send, to make a Message of, or as an option value", (_, make) => {
    const push = t.socket(zmq.PUSH);
    const sub = t.socket(zmq.SUB);
    expect(() => push.trySend(make())).toThrow(TypeError);
    expect(() => push.trySend(["head", make()])).toThrow(TypeError);
    expect(() => new zmq.Message(make())).toThrow(TypeError);
    expect(() => sub.setsockopt(zmq.SUBSCRIBE as number, make())).toThrow(TypeError);
  });

  test("an empty ArrayBuffer that was never detached is an empty frame", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.bind(inproc());
    pull.connect(push.lastEndpoint);
    await push.send([new ArrayBuffer(0), Buffer.alloc(0), "end"]);
    expect((await pull.recvMultipart()).map((frame) => frame.length)).toEqual([0, 0, 3]);
  });
});
