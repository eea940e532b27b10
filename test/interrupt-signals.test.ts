// zmq.catchSignals with real signals, in child processes.
import { expect, test } from "vitest";
import { runTs } from "./support/processes";

test.each([
  ["SIGINT", "recv"],
  ["SIGTERM", "recv"],
  ["SIGINT", "poll"],
] as const)("%s makes a pending %s reject with EINTR and the loop shuts down cleanly", async (signal, waitOn) => {
  const child = runTs("test/fixtures/signals/interrupt-loop.mts", [waitOn]);
  await child.line(/^waiting/);
  child.process.kill(signal);
  expect(await child.exit).toBe(0);
  expect(child.lines).toEqual(["waiting", "rejected with EINTR", "W: interrupt received, killing server…"]);
});

test("without catchSignals, SIGINT ends the process as usual", async () => {
  const child = runTs("test/fixtures/signals/no-catch.mts");
  await child.line(/^waiting/);
  child.process.kill("SIGINT");
  expect(await child.exit).toBe("SIGINT");
});
