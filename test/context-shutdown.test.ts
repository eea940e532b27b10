import { Worker } from "node:worker_threads";
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";

const tsWorker = new URL("./support/ts-worker.mjs", `file://${__filename}`);
const echoWorker = new URL("./fixtures/threads/echo-worker.mts", `file://${__filename}`).href;

test("shutdown() ends pending operations in every thread with ETERM; term() follows the last close", async () => {
  const ctx = new zmq.Context();
  const pairs = [0, 1, 2].map((i) => {
    const pair = ctx.socket(zmq.PAIR);
    pair.bind(`inproc://shutdown-${i}`);
    return pair;
  });
  // Three Workers, each with a receive pending on the shared context: their loops end
  // on ETERM and they exit by themselves.
  const exits = pairs.map((_, i) => {
    const worker = new Worker(tsWorker, {
      argv: [echoWorker],
      workerData: { endpoint: `inproc://shutdown-${i}`, shared: ctx.share() },
    });
    return {
      connected: new Promise((resolve) => worker.once("message", resolve)),
      exit: new Promise<number>((resolve) => worker.once("exit", resolve)),
    };
  });
  await Promise.all(exits.map((worker) => worker.connected));
  // And in this thread: receives on many sockets, sends waiting at the high-water mark.
  const pulls = Array.from({ length: 20 }, (_, i) => {
    const pull = ctx.socket(zmq.PULL);
    pull.bind(`inproc://shutdown-pull-${i}`);
    return pull;
  });
  const receives = pulls.map((pull) => pull.recv());
  const push = ctx.socket(zmq.PUSH);
  push.setsockopt(zmq.SNDHWM, 1);
  push.connect("inproc://nobody-binds");
  const sends = Promise.allSettled(Array.from({ length: 5 }, (_, i) => push.send(`${i}`)));

  ctx.shutdown();
  for (const receive of receives) await expect(receive).rejects.toMatchObject({ code: "ETERM" });
  const waited = (await sends).filter((outcome) => outcome.status === "rejected");
  expect(waited.length).toBeGreaterThan(0);
  for (const outcome of waited) expect(outcome).toMatchObject({ reason: { code: "ETERM" } });
  expect(await Promise.all(exits.map((worker) => worker.exit))).toEqual([0, 0, 0]);

  let terminated = false;
  const terming = ctx.term().then(() => (terminated = true));
  for (const sock of [...pulls, ...pairs]) sock.close();
  await new Promise((resolve) => setImmediate(resolve));
  expect(terminated).toBe(false); // push is still open
  push.close();
  await terming;
});

test("term() honours linger: a queued message with no peer holds it for LINGER ms", async () => {
  const ctx = new zmq.Context();
  const push = ctx.socket(zmq.PUSH);
  push.setsockopt(zmq.LINGER, 200);
  push.connect("tcp://127.0.0.1:9");
  expect(push.trySend("queued")).toBe(true);
  push.close();
  const started = performance.now();
  await ctx.term();
  const elapsed = performance.now() - started;
  expect(elapsed).toBeGreaterThanOrEqual(150);
  expect(elapsed).toBeLessThan(5000);
});
