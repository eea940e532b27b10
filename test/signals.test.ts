// zmq.catchSignals, tried with real signals sent to child processes.
import { afterEach, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { runFixture, within } from "./support/fixture-process";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

const pendingCases = ["recv", "send", "poll"].flatMap((operation) =>
  SIGNALS.map((signal): [string, NodeJS.Signals] => [operation, signal]),
);

test.each(pendingCases)(
  "after catchSignals, a pending %s rejects with EINTR on %s and zmq.interrupted becomes true",
  async (operation, signal) => {
    const child = runFixture("test/fixtures/interrupt/pending.mts", [operation]);
    expect(await child.line(/^waiting/)).toBe("waiting interrupted=false");
    child.process.kill(signal);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([
      "waiting interrupted=false",
      "rejected ZmqError EINTR interrupted=true listener=1",
      "clean exit",
    ]);
  },
);

// A REQ client in this process talks to the child first, so the loop is known to be serving.
let ctx: zmq.Context | undefined;
afterEach(async () => {
  await ctx?.term();
  ctx = undefined;
});

test.each(SIGNALS)("the Guide's interrupt loop breaks on %s, closes, terminates and exits 0", async (signal) => {
  const child = runFixture("test/fixtures/interrupt/server-loop.mts");
  const endpoint = (await child.line(/^listening /)).slice("listening ".length);
  ctx = new zmq.Context();
  const client = ctx.socket(zmq.REQ);
  client.connect(endpoint);
  await client.send("hello");
  expect((await within(client.recv(), "reply from the server loop")).toString()).toBe("echo hello");
  client.close();

  child.process.kill(signal);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  expect(child.lines.slice(1)).toEqual(["W: interrupt received, killing server…", "server stopped"]);
});

test("without catchSignals, SIGINT kills a process that waits on a recv", async () => {
  const child = runFixture("test/fixtures/interrupt/uncaught.mts");
  await child.line(/^waiting$/);
  child.process.kill("SIGINT");
  expect(await child.exit()).toEqual({ code: null, signal: "SIGINT" });
  expect(child.lines).toEqual(["waiting"]);
});
