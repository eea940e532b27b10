import { Worker } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import * as zmq from "zmq-napi";

// Workers run TypeScript through test/support/ts-worker.mjs (tsx does not reach Workers).
const tsWorker = new URL("./support/ts-worker.mjs", `file://${__filename}`);
const echoWorker = new URL("./fixtures/threads/echo-worker.mts", `file://${__filename}`).href;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

function startWorker(workerData: object): Promise<Worker> {
  const worker = new Worker(tsWorker, { argv: [echoWorker], workerData });
  workers.push(worker);
  return new Promise((resolve, reject) => {
    worker.once("message", () => resolve(worker));
    worker.once("error", reject);
  });
}

async function echo(pair: zmq.Socket, text: string): Promise<string[]> {
  await pair.send(text);
  return (await pair.recvMultipart()).map(String);
}

test("zmq.context() is shared: a Worker connects over inproc to the main thread", async () => {
  const pair = zmq.context().socket(zmq.PAIR);
  pair.bind("inproc://threads-default");
  await startWorker({ endpoint: "inproc://threads-default" });
  expect(await echo(pair, "hello")).toEqual(["echo", "hello"]);
  expect(await echo(pair, "bye")).toEqual(["echo", "bye"]);
  pair.close();
});

test("ctx.share() and Context.attach() put a Worker on a context made with new Context()", async () => {
  const ctx = new zmq.Context();
  const pair = ctx.socket(zmq.PAIR);
  pair.bind("inproc://threads-shared");
  const worker = await startWorker({ endpoint: "inproc://threads-shared", shared: ctx.share() });
  expect(await echo(pair, "over the shared context")).toEqual(["echo", "over the shared context"]);
  await echo(pair, "bye");
  await new Promise((resolve) => worker.once("exit", resolve));
  pair.close();
  await ctx.term();
});

test("a Worker terminated with sockets open and receives pending does not harm the rest", async () => {
  const ctx = new zmq.Context();
  const pairs = [0, 1, 2].map((i) => {
    const pair = ctx.socket(zmq.PAIR);
    pair.bind(`inproc://threads-hang-${i}`);
    return pair;
  });
  const started = await Promise.all(
    pairs.map((_, i) => startWorker({ endpoint: `inproc://threads-hang-${i}`, shared: ctx.share(), hang: true })),
  );
  expect(await echo(pairs[0], "before")).toEqual(["echo", "before"]);
  await Promise.all(started.map((worker) => worker.terminate()));
  // The shared context goes on serving the main thread.
  const push = ctx.socket(zmq.PUSH);
  const pull = ctx.socket(zmq.PULL);
  pull.bind("inproc://threads-after");
  push.connect("inproc://threads-after");
  await push.send("still working");
  expect((await pull.recv()).toString()).toBe("still working");
  for (const sock of [...pairs, push, pull]) sock.close();
  await ctx.term(); // the Workers' sockets were closed for them
});
