// Process life (API.md): what a process does at its end with sockets still open.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { runFixture, within } from "./support/fixture-process";
import { sendOne } from "./support/send-one";

test("a script that sends 10,000 messages and falls off its end delivers them all", async () => {
  const ctx = new zmq.Context();
  const pull = ctx.socket(zmq.PULL);
  pull.bind("tcp://127.0.0.1:*");
  const child = runFixture("test/fixtures/life/send-and-fall-off.mts", [pull.lastEndpoint, "10000"]);
  const received = new Set<string>();
  while (received.size < 10_000) received.add((await pull.recv()).toString());
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  expect(received.has("message 0") && received.has("message 9999")).toBe(true);
  pull.close();
  await ctx.term();
});

test("queued messages with no peer hold the exit up no longer than the exit linger", async () => {
  // The one place a time bound is the behaviour under test: default cap 1000 ms, and 0.
  for (const [args, bound] of [[[], 8000], [["0"], 6000]] as const) {
    const started = Date.now();
    const child = runFixture("test/fixtures/life/queued-without-peer.mts", [...args]);
    await child.line(/queued/);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(bound);
  }
});

test("a pending recv keeps the process alive until its message comes", async () => {
  const child = runFixture("test/fixtures/life/wait-for-one.mts");
  const endpoint = (await child.line(/^waiting on /)).slice("waiting on ".length);
  // Still there after the event loop had every chance to end: the child is waiting.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(child.process.exitCode).toBeNull();
  await sendOne(endpoint, "the message");
  expect(await child.line(/^got /)).toBe("got the message");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("an idle socket does not keep the process alive", async () => {
  const child = runFixture("test/fixtures/life/idle.mts");
  await child.line(/bound/);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("a socket left open once its receive is served does not keep the process alive", async () => {
  // The watch a receive needed is stopped only when the event loop next waits (so that a
  // socket waited on again in the same turn costs nothing): it must still be stopped.
  const child = runFixture("test/fixtures/life/served-then-idle.mts");
  const endpoint = (await child.line(/^waiting on /)).slice("waiting on ".length);
  await sendOne(endpoint, "the message");
  expect(await child.line(/^got /)).toBe("got the message");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("process.exit() right after 1,000 un-awaited sends delivers all 1,000 (the HWM has room)", async () => {
  const ctx = new zmq.Context();
  const pull = ctx.socket(zmq.PULL);
  pull.setsockopt(zmq.RCVHWM, 2000); // room for all that is sent, read once the child is gone
  pull.bind("tcp://127.0.0.1:*");
  const child = runFixture("test/fixtures/life/send-then-exit.mts", [pull.lastEndpoint, "1000"]);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  // "end" was sent last, on the one ordered connection: once it is here, all that came is.
  const received = new Set<string>();
  for (;;) {
    const message = (await within(pull.recv(), `the last message, after ${received.size}`)).toString();
    if (message === "end") break;
    received.add(message);
  }
  expect(received.size).toBe(1000);
  pull.close();
  await ctx.term();
});

test("a context terminated in the 'exit' handler of a script that ends by itself exits cleanly", async () => {
  // Its term settles as Node tears the environment down, when JavaScript can no longer
  // run: that used to throw out of the addon's callback (SIGABRT) in most runs.
  for (let run = 0; run < 3; run++) {
    const child = runFixture("test/fixtures/life/term-in-exit-handler.mts");
    expect(await child.exit()).toEqual({ code: 0, signal: null });
  }
});
