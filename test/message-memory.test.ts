// How much memory unkept Messages, and received frames nobody keeps, hold. Its own file:
// under ASan (npm run test:asan runs message.test.ts) freed memory sits in the sanitizer's
// quarantine and RSS means nothing.
import { expect, test } from "vitest";
import { runFixture } from "./support/fixture-process";

test("Messages nobody keeps are collected: 100 × 32 MiB made one per turn stay far below 3.2 GB", async () => {
  const child = runFixture("test/fixtures/memory/unkept-messages.mts");
  expect(await child.exit(30_000)).toEqual({ code: 0, signal: null });
  // Measured: ~150 MB when V8 is told of each Message's bytes, ~800 MB when it is not.
  expect(Number(child.lines.at(-1))).toBeLessThan(500);
});

test("received large frames are given back as they go: 80 × 64 MiB over inproc peak far below 5 GiB", async () => {
  const child = runFixture("test/fixtures/memory/received-large-frames.mts");
  expect(await child.exit(60_000)).toEqual({ code: 0, signal: null });
  // Measured: 550–620 MB peak RSS with a socket's turn bounded by bytes and frames received
  // zero-copy, 491 MB once they were copied into memory V8 allocates, 489–494 MB with at
  // most 64 MiB of them zero-copy at a time; 5,500 MB when the turn was bounded only by
  // count (256 frames a turn, every Buffer's finalizer waiting for the turn to end).
  expect(Number(child.lines.at(-1))).toBeLessThan(1500);
}, 90_000);

test("a loop that never yields stays bounded: 1,000 × 1 MiB by recvSync over inproc peak far below 1 GB", async () => {
  const child = runFixture("test/fixtures/memory/blocking-receive-loop.mts");
  expect(await child.exit(60_000)).toEqual({ code: 0, signal: null });
  // Measured: 192–196 MB with at most 64 MiB of zero-copy frames not yet freed, the rest
  // copied; 1,085 MB when every frame was zero-copy (each freed a turn later).
  expect(Number(child.lines.at(-1))).toBeLessThan(500);
}, 90_000);

test("a Worker's Message views collected before it ends give their bytes back: 100 × 32 MiB peak far below 3.2 GB", async () => {
  const child = runFixture("test/fixtures/memory/worker-message-views.mts");
  expect(await child.exit(30_000)).toEqual({ code: 0, signal: null });
  // Measured: 330 MB; 3,450 MB when a Worker's views kept their bytes whenever collected.
  expect(Number(child.lines.at(-1))).toBeLessThan(1500);
});
