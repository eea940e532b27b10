// ctx.shutdown() and ctx.term() with operations pending: what happens to each of them, when
// term resolves, and that linger is honoured.
import { createServer } from "node:net";
import { afterEach, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { nextMessage, startWorker, within, workerExit } from "./support/fixture-process";

let count = 0;
const endpoint = (name: string) => `inproc://shutdown-${name}-${process.pid}-${++count}`;
const macrotask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

// A test that fails half-way must not leave a context whose term would hang the next one.
const leftovers: { ctx: zmq.Context; sockets: zmq.Socket[] }[] = [];
afterEach(async () => {
  for (const { ctx, sockets } of leftovers.splice(0)) {
    for (const socket of sockets) socket.close();
    await ctx.term();
  }
});

/** The code of each settled operation's ZmqError, or "resolved". */
const outcomes = (results: PromiseSettledResult<unknown>[]) =>
  results.map((result) => (result.status === "fulfilled" ? "resolved" : (result.reason as zmq.ZmqError).code));

/**
 * A context with 20 PULL sockets, two receives pending on each and a poll on some, and 5
 * PUSH sockets whose peers never read, with sends pending at the high-water mark.
 */
async function busyContext() {
  const ctx = new zmq.Context();
  const sockets: zmq.Socket[] = [];
  leftovers.push({ ctx, sockets });
  const make = (type: number) => {
    const socket = ctx.socket(type);
    sockets.push(socket);
    return socket;
  };
  const receivers = Array.from({ length: 20 }, () => {
    const pull = make(zmq.PULL);
    pull.bind(endpoint("recv"));
    return pull;
  });
  const recvs = receivers.flatMap((pull) => [pull.recv(), pull.recv()]);
  // A poll waits on some of them too: it is a pending operation like any other.
  const poll = zmq.poll(receivers.slice(0, 5).map((socket) => ({ socket, events: zmq.POLLIN })));
  // Its ETERM is asserted after the receives'; mark it handled now, so that rejecting
  // before then is not reported as an unhandled rejection.
  poll.catch(() => undefined);

  const sends: { promise: Promise<void>; done: boolean }[] = [];
  for (let i = 0; i < 5; i++) {
    const sink = make(zmq.PULL);
    sink.setsockopt(zmq.RCVHWM, 1);
    sink.bind(endpoint("sink"));
    const push = make(zmq.PUSH);
    push.setsockopt(zmq.SNDHWM, 1);
    push.connect(sink.lastEndpoint);
    for (let n = 0; n < 10; n++) {
      const send = { promise: push.send(`message ${n}`), done: false };
      void send.promise.then(() => (send.done = true), () => {});
      sends.push(send);
    }
  }
  // The sends that fit under the high-water marks resolve at once; the rest wait, and since
  // nothing reads, keep waiting.
  await macrotask();
  const pendingSends = sends.filter((send) => !send.done).map((send) => send.promise);
  return { ctx, sockets, receivers, recvs, poll, pendingSends };
}

test.each(["shutdown", "term"] as const)(
  "ctx.%s(): every pending recv, send and poll on every socket rejects with ETERM; term resolves after the last close",
  async (ending) => {
    const { ctx, sockets, receivers, recvs, poll, pendingSends } = await busyContext();
    expect(pendingSends.length).toBeGreaterThanOrEqual(5); // sends are waiting at the high-water mark

    let closed = 0;
    let closedWhenTermResolved: number | undefined;
    const track = (terming: Promise<void>) => terming.then(() => (closedWhenTermResolved = closed));
    let terming = ending === "term" ? track(ctx.term()) : undefined;
    if (ending === "shutdown") ctx.shutdown();

    const recvResults = await within(Promise.allSettled(recvs), "pending receives to end");
    expect(outcomes(recvResults)).toEqual(recvs.map(() => "ETERM"));
    const sendResults = await within(Promise.allSettled(pendingSends), "pending sends to end");
    expect(outcomes(sendResults)).toEqual(pendingSends.map(() => "ETERM"));
    await expect(within(poll, "pending poll to end")).rejects.toMatchObject({ code: "ETERM" });
    // And what is asked after that fails the same way.
    await expect(receivers[0].recv()).rejects.toMatchObject({ code: "ETERM" });

    terming ??= track(ctx.term());
    // Close one socket per timer turn: a term that resolved early would show as a count
    // short of all of them.
    for (const socket of sockets) {
      await macrotask(2);
      expect(closedWhenTermResolved).toBeUndefined();
      socket.close();
      closed++;
    }
    await within(terming, "term after the last close");
    expect(closedWhenTermResolved).toBe(sockets.length);
    leftovers.pop();
  },
);

/** A loopback tcp endpoint where nothing listens (the port was free a moment ago). */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `tcp://127.0.0.1:${port}`;
}

test.each([
  [200, 198, 1500],
  [0, 0, 150],
])("term honours LINGER %i ms for a queued message with no peer", async (linger, atLeast, below) => {
  const ctx = new zmq.Context();
  const push = ctx.socket(zmq.PUSH);
  leftovers.push({ ctx, sockets: [push] });
  push.setsockopt(zmq.LINGER, linger);
  push.connect(await deadEndpoint()); // connecting makes the pipe at once: the send queues
  await push.send("never delivered");
  push.close();
  const started = performance.now();
  await within(ctx.term(), "term with a lingering message", 5000);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(atLeast);
  expect(elapsed).toBeLessThan(below);
  leftovers.pop();
});

test.each(["shutdown", "term"] as const)(
  "zmq.context().%s() in the main thread ends the pending receives of the main thread and of every Worker with ETERM",
  async (ending) => {
    const ctx = zmq.context();
    const push = ctx.socket(zmq.PUSH);
    const at = endpoint("workers");
    push.bind(at);
    const pull = ctx.socket(zmq.PULL);
    pull.connect(at);
    const mainRecv = pull.recv();
    const workers = [0, 1, 2].map(() => startWorker("shutdown/wait-for-term.mts", { endpoint: at }));
    for (const worker of workers) expect(await nextMessage(worker)).toBe("waiting");

    const reports = workers.map((worker) => nextMessage(worker, "the Worker's report"));
    const terming = ending === "term" ? ctx.term() : undefined;
    if (ending === "shutdown") ctx.shutdown();
    await expect(within(mainRecv, "the main thread's receive")).rejects.toMatchObject({ code: "ETERM" });
    expect(await Promise.all(reports)).toEqual(workers.map(() => ["ETERM", "ETERM"]));

    // The Workers close their sockets and end; once main closes its own, term completes.
    expect(await Promise.all(workers.map(workerExit))).toEqual([0, 0, 0]);
    push.close();
    pull.close();
    await within(terming ?? ctx.term(), "term of the process context");
  },
);
