// Contexts: construction and options, the default context, and how term() and shutdown()
// end the work of the context's sockets. Ordering is shown with flags set by the events
// themselves, never with timers.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { runFixture, runFixtureUnder } from "./support/fixture-process";

// Every context a test makes is terminated after it, its sockets closed first, so that a
// failed assertion cannot leave a term() hanging for the next test.
const contexts: zmq.Context[] = [];
const sockets: zmq.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(contexts.splice(0).map((ctx) => ctx.term()));
});

function track(ctx: zmq.Context): zmq.Context {
  contexts.push(ctx);
  return ctx;
}

function socketOf(ctx: zmq.Context, type: number): zmq.Socket {
  const socket = ctx.socket(type);
  sockets.push(socket);
  return socket;
}

/** The ZmqError code a promise rejects with; fails the test if it resolves. */
async function rejectionCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(zmq.ZmqError);
    return (error as zmq.ZmqError).code;
  }
  throw new Error("expected a rejection");
}

let counter = 0;
const inproc = () => `inproc://context-${process.pid}-${++counter}`;

describe("Context", () => {
  test("new Context() has one I/O thread", () => {
    expect(track(new zmq.Context()).get(zmq.IO_THREADS)).toBe(1);
  });

  test.each([0, 2, 3].map((n) => ({ n })))("new Context($n) and zmq.init($n) have $n I/O threads", ({ n }) => {
    expect(track(new zmq.Context(n)).get(zmq.IO_THREADS)).toBe(n);
    const viaInit = track(zmq.init(n));
    expect(viaInit).toBeInstanceOf(zmq.Context);
    expect(viaInit.get(zmq.IO_THREADS)).toBe(n);
  });

  test("set(MAX_SOCKETS) is read back by get, and caps the sockets it can make", () => {
    const ctx = track(new zmq.Context());
    ctx.set(zmq.MAX_SOCKETS, 256);
    expect(ctx.get(zmq.MAX_SOCKETS)).toBe(256);
    // The cap is real: a tiny one refuses the socket after it.
    ctx.set(zmq.MAX_SOCKETS, 1);
    socketOf(ctx, zmq.PAIR);
    expect(() => socketOf(ctx, zmq.PAIR)).toThrow(zmq.ZmqError);
  });

  test("zmq.context() returns the same object every time", () => {
    const first = zmq.context();
    expect(first).toBeInstanceOf(zmq.Context);
    expect(zmq.context()).toBe(first);
  });

  test("after the process-wide context is shut down, zmq.context() is a fresh one", async () => {
    const first = zmq.context();
    const held = first.socket(zmq.PULL);
    first.shutdown();
    expect(() => first.socket(zmq.PUSH)).toThrow(expect.objectContaining({ code: "ETERM" }));
    const second = zmq.context();
    expect(second).not.toBe(first);
    const [pull, push] = [second.socket(zmq.PULL), second.socket(zmq.PUSH)];
    pull.bind("inproc://after-shutdown");
    push.connect("inproc://after-shutdown");
    await push.send("works");
    expect(String(await pull.recv())).toBe("works");
    for (const sock of [held, pull, push]) sock.close();
    expect(zmq.context()).toBe(second);
  });

  test("term() resolves when every socket is already closed", async () => {
    const ctx = new zmq.Context();
    const sock = ctx.socket(zmq.PUSH);
    sock.bind(inproc());
    sock.close();
    expect(ctx.terminated).toBe(false);
    await ctx.term();
    expect(ctx.terminated).toBe(true);
  });

  test("term() waits for a socket still open and resolves only after it is closed", async () => {
    const ctx = new zmq.Context();
    const sock = ctx.socket(zmq.PULL);
    sock.setsockopt(zmq.LINGER, 0);
    sock.bind(inproc());
    let closed = false;
    let closedWhenTermResolved: boolean | undefined;
    const terminating = ctx.term().then(() => {
      closedWhenTermResolved = closed;
    });
    // A recv that fails with ETERM proves zmq_ctx_term is under way (it told the socket).
    expect(await rejectionCode(sock.recv())).toBe("ETERM");
    expect(closedWhenTermResolved).toBeUndefined();
    closed = true;
    sock.close();
    await terminating;
    expect(closedWhenTermResolved).toBe(true);
  });

  test("term() is idempotent: a second call also resolves once the sockets are closed", async () => {
    const ctx = new zmq.Context();
    const sock = ctx.socket(zmq.PULL);
    sock.bind(inproc());
    let closed = false;
    const closedWhenResolved: boolean[] = [];
    const first = ctx.term().then(() => closedWhenResolved.push(closed));
    const second = ctx.term().then(() => closedWhenResolved.push(closed));
    // ETERM on the socket: termination is under way, and still waits for this socket.
    expect(await rejectionCode(sock.recv())).toBe("ETERM");
    expect(closedWhenResolved).toEqual([]);
    closed = true;
    sock.close();
    await Promise.all([first, second]);
    expect(closedWhenResolved).toEqual([true, true]);
    // After termination, term() still resolves.
    await ctx.term();
    expect(ctx.terminated).toBe(true);
  });

  test("shutdown() makes a pending recv reject with ETERM", async () => {
    const ctx = track(new zmq.Context());
    const pull = socketOf(ctx, zmq.PULL);
    pull.bind(inproc());
    const receiving = rejectionCode(pull.recv());
    ctx.shutdown();
    expect(await receiving).toBe("ETERM");
  });

  test("shutdown() makes a pending send reject with ETERM", async () => {
    const ctx = track(new zmq.Context());
    const push = socketOf(ctx, zmq.PUSH); // no peer: the send waits
    push.bind(inproc());
    const sending = rejectionCode(push.send("never"));
    ctx.shutdown();
    expect(await sending).toBe("ETERM");
  });

  test("term() with a pending recv rejects it with ETERM, then resolves once the socket is closed", async () => {
    const ctx = new zmq.Context();
    const pull = ctx.socket(zmq.PULL);
    pull.bind(inproc());
    const receiving = rejectionCode(pull.recv());
    let closed = false;
    let closedWhenTermResolved: boolean | undefined;
    const terminating = ctx.term().then(() => {
      closedWhenTermResolved = closed;
    });
    expect(await receiving).toBe("ETERM");
    expect(closedWhenTermResolved).toBeUndefined();
    closed = true;
    pull.close();
    await terminating;
    expect(closedWhenTermResolved).toBe(true);
  });

  test("iterating a socket ends, without an error, when its context is terminated", async () => {
    const ctx = new zmq.Context();
    const pull = ctx.socket(zmq.PULL);
    pull.bind(inproc());
    const seen: Buffer[][] = [];
    const reading = (async () => {
      for await (const frames of pull) seen.push(frames);
    })();
    const terminating = ctx.term();
    await reading;
    expect(seen).toEqual([]);
    pull.close();
    await terminating;
  });
});

// libzmq applies these only as the context's threads start, and aborts the process where a
// call fails (native/thread_scheduling.h): the first socket fails instead, and the same
// context works once the options are put right. Once as the suite runs, and once without
// CAP_SYS_NICE (setpriv), where a realtime priority or a lower nice value is EPERM.
test("scheduling options libzmq's threads cannot take make the first socket a ZmqError", async () => {
  const fixture = "test/fixtures/faults/thread-scheduling.mts";
  const expected = (privileged: boolean) => {
    const needsPrivilege = privileged ? "ok" : "EPERM";
    return [
      "SCHED_FIFO without a priority: EINVAL",
      "SCHED_FIFO without a priority mended: ok",
      "SCHED_FIFO, priority 0 set through another Context object: EINVAL",
      `SCHED_FIFO, priority 0 set through another Context object mended: ${needsPrivilege}`,
      `SCHED_RR, priority 50: ${needsPrivilege}`,
      `a priority under SCHED_OTHER (nice -20): ${needsPrivilege}`,
      "SCHED_IDLE: ok",
      "one allowed CPU only: ok",
    ];
  };
  const asRun = runFixture(fixture);
  expect(await asRun.exit()).toEqual({ code: 0, signal: null });
  expect(asRun.lines).toEqual(expected(hasCapability(CAP_SYS_NICE)));
  const unprivileged = runFixtureUnder(["setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"], fixture);
  expect(await unprivileged.exit()).toEqual({ code: 0, signal: null });
  expect(unprivileged.lines).toEqual(expected(false));
});

const CAP_SYS_NICE = 23;

/** Whether this process has `capability` in its effective set (Linux's CapEff). */
function hasCapability(capability: number): boolean {
  const mask = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"))![1];
  return ((BigInt(`0x${mask}`) >> BigInt(capability)) & 1n) === 1n;
}
