// worker_threads: the process-wide context, shared contexts, devices serving Workers, and
// Workers that end abruptly while busy.
import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { nextMessage, runFixture, startWorker, within, workerExit } from "./support/fixture-process";

let count = 0;
const endpoint = (name: string) => `inproc://threads-${name}-${process.pid}-${++count}`;

// Main-thread sockets of the test, closed after it whether it passed or not.
const sockets: zmq.Socket[] = [];
function socket(ctx: zmq.Context, type: number): zmq.Socket {
  const made = ctx.socket(type);
  sockets.push(made);
  return made;
}
afterEach(() => {
  for (const made of sockets.splice(0)) made.close();
});

async function roundTrip(pair: zmq.Socket, text: string): Promise<string[]> {
  await pair.send(text);
  return (await within(pair.recvMultipart(), `echo of "${text}"`)).map(String);
}

describe("zmq.context() is one context for the whole process", () => {
  test.each([
    ["the main thread binds, the Worker connects", "main"],
    ["the Worker binds, the main thread connects", "worker"],
  ])("%s over inproc, and messages flow both ways", async (_, binder) => {
    const at = endpoint("default");
    const pair = socket(zmq.context(), zmq.PAIR);
    if (binder === "main") pair.bind(at);
    const worker = startWorker("workers/echo-peer.mts", { endpoint: at, bind: binder === "worker" });
    expect(await nextMessage(worker)).toBe("ready");
    if (binder === "worker") pair.connect(at);

    expect(await roundTrip(pair, "hello")).toEqual(["echo", "hello"]);
    expect(await roundTrip(pair, "bye")).toEqual(["echo", "bye"]);
    expect(await workerExit(worker)).toBe(0);
  });
});

describe("ctx.share() and zmq.Context.attach()", () => {
  test("a Worker attached to a shared context reaches its inproc endpoints", async () => {
    const ctx = new zmq.Context();
    const at = endpoint("shared");
    const pair = ctx.socket(zmq.PAIR);
    pair.bind(at);
    const worker = startWorker("workers/echo-peer.mts", { endpoint: at, shared: ctx.share(), bind: false });
    expect(await nextMessage(worker)).toBe("ready");
    expect(await roundTrip(pair, "over the shared context")).toEqual(["echo", "over the shared context"]);
    expect(await roundTrip(pair, "bye")).toEqual(["echo", "bye"]);
    expect(await workerExit(worker)).toBe(0);
    pair.close();
    await within(ctx.term(), "term of the shared context");
  });

  test.each([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["a string", "context"],
    ["an empty object", {}],
    ["a number where the share id should be", { zmqNapiContext: 1 }],
    ["a string where the share id should be", { zmqNapiContext: "1" }],
  ])("Context.attach of %s throws TypeError", (_, garbage) => {
    expect(() => zmq.Context.attach(garbage as unknown as zmq.SharedContext)).toThrow(TypeError);
  });

  test("Context.attach of a share whose context was terminated throws a ZmqError, not a crash", async () => {
    const ctx = new zmq.Context();
    const shared = ctx.share();
    await ctx.term();
    expect(() => zmq.Context.attach(shared)).toThrow(zmq.ZmqError);
    expect(() => zmq.Context.attach({ zmqNapiContext: 2n ** 64n - 1n })).toThrow(zmq.ZmqError);
  });
});

test("the Guide's mtserver: 5 Worker threads with REP sockets behind a QUEUE device, 10 REQ clients", async () => {
  const ctx = new zmq.Context();
  const clients = ctx.socket(zmq.ROUTER);
  const workers = ctx.socket(zmq.DEALER);
  clients.bind("tcp://127.0.0.1:*");
  const clientsAt = clients.lastEndpoint;
  const workersAt = endpoint("workers");
  workers.bind(workersAt);

  const threads = Array.from({ length: 5 }, () =>
    startWorker("workers/rep-worker.mts", { shared: ctx.share(), endpoint: workersAt }),
  );
  const threadIds = await Promise.all(threads.map((thread) => nextMessage<number>(thread)));
  const device = zmq.device(zmq.QUEUE, clients, workers);

  const requesters = Array.from({ length: 10 }, () => {
    const req = ctx.socket(zmq.REQ);
    req.connect(clientsAt);
    return req;
  });
  const replies = await within(
    Promise.all(
      requesters.map(async (req, i) => {
        await req.send(`Hello ${i}`);
        return (await req.recv()).toString();
      }),
    ),
    "replies to every client",
  );
  const servedBy = new Set<number>();
  replies.forEach((reply, i) => {
    const match = /^World \(Hello (\d+)\) from (\d+)$/.exec(reply);
    expect(match?.[1]).toBe(String(i));
    servedBy.add(Number(match![2]));
  });
  expect([...servedBy].every((id) => threadIds.includes(id))).toBe(true);
  expect(servedBy.size).toBeGreaterThan(1); // the DEALER spreads requests over the workers

  // Shutting down as the Guide's C would: term ends the device and the workers' receives;
  // each side closes its sockets; then term completes.
  const terming = ctx.term();
  await within(device, "device to end on term");
  for (const own of [clients, workers, ...requesters]) own.close();
  expect(await within(Promise.all(threads.map(workerExit)), "workers to exit")).toEqual([0, 0, 0, 0, 0]);
  await within(terming, "term after every thread closed its sockets");
});

describe.each([
  ["terminated by worker.terminate()", "terminate", 1],
  ["ending itself with process.exit()", "exit", 7],
] as const)("a Worker %s while it has open sockets and pending receives", (_, ending, exitCode) => {
  test("does not crash the process; the shared context keeps working, and term completes", async () => {
    const ctx = zmq.context();
    const at = endpoint("stuck");
    const workerOwn = endpoint("stuck-own");
    const pair = socket(ctx, zmq.PAIR);
    pair.bind(at);
    const worker = startWorker("workers/stuck.mts", { endpoint: at, own: workerOwn });
    expect(await nextMessage(worker)).toBe("ready");
    expect(await roundTrip(pair, "hello")).toEqual(["echo hello"]);
    expect(await nextMessage(worker)).toBe("busy"); // receives pending on both its sockets

    const exited = workerExit(worker);
    if (ending === "terminate") void worker.terminate();
    else worker.postMessage("exit");
    expect(await exited).toBe(exitCode);

    // The Worker's sockets were closed with it: its endpoint is free to bind again.
    const pull = socket(ctx, zmq.PULL);
    pull.bind(workerOwn);
    const push = socket(ctx, zmq.PUSH);
    push.connect(workerOwn);
    await push.send("still working");
    expect((await within(pull.recv(), "recv after the Worker ended")).toString()).toBe("still working");

    // Every socket left is the main thread's: once they are closed, term completes.
    for (const own of sockets.splice(0)) own.close();
    await within(ctx.term(), "term of the process context after the Worker ended");
    expect(zmq.context()).not.toBe(ctx); // and a fresh process context takes its place
  });
});

// Run in a child process: a crash there fails this test instead of killing the test runner.
test.each([
  ["a device running in it", "device", ["received through the Worker's device"]],
  ["a ctx.term() of a shared context pending in it", "term", []],
])("a Worker terminated with %s does not crash the process, and term completes", async (_, mode, before) => {
  const child = runFixture("test/fixtures/workers/terminate-busy.mts", [mode as string]);
  const status = await child.exit();
  expect({ status, lines: child.lines }).toEqual({
    status: { code: 0, signal: null },
    lines: [...before, "worker exited 1", "term done", "still alive"],
  });
});
