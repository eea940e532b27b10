// No subscription, local or remote, can crash the process (libzmq's subscription trie
// recurses once per byte: lib/subscription-bound.ts). Each path that walks a trie runs in a
// child process, where a crash is an exit status rather than the end of the test runner.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixture } from "./support/fixture-process";

const t = useTestContext();

// The steps of test/fixtures/subscriptions/paths.mts, in order.
const STEPS = [
  "SUBSCRIBE",
  "UNSUBSCRIBE",
  "SUBSCRIBE a string",
  "XSUB subscribe",
  "XSUB unsubscribe",
  "XSUB subscribe in a later frame",
  "XSUB subscribe by send",
  "XSUB subscribe by sendMany",
  "XSUB subscribe through Socket.prototype",
  "XSUB peer attached",
  "XPUB_MANUAL SUBSCRIBE",
  "close",
];
// What holds no subscription of its own goes through whatever the length.
const ALWAYS_OK = new Set(["XSUB peer attached", "close"]);

async function runPaths(where: string, length: number) {
  const child = runFixture("test/fixtures/subscriptions/paths.mts", [where, String(length)]);
  const status = await child.exit(30_000);
  return { status, lines: child.lines };
}

const expected = (over: boolean) => ({
  status: { code: 0, signal: null },
  lines: [...STEPS.map((step) => `${step}: ${over && !ALWAYS_OK.has(step) ? "RangeError" : "ok"}`), "closed"],
});

// The main thread has most of its 8 MiB left; a Worker's native code, reached with its
// JavaScript as deep as it goes, has ~192 KiB (2,914 bytes crashed there before the bound).
const OVER: Record<string, number> = { main: 1024 * 1024, worker: 4096 };

test.each(["main", "worker"])("on the %s thread, a subscription of MAX_SUBSCRIPTION_BYTES goes through every path", async (where) => {
  expect(await runPaths(where, zmq.MAX_SUBSCRIPTION_BYTES)).toEqual(expected(false));
}, 40_000);

test.each(["main", "worker"])("on the %s thread, one byte more is a RangeError on every path", async (where) => {
  expect(await runPaths(where, zmq.MAX_SUBSCRIPTION_BYTES + 1)).toEqual(expected(true));
}, 40_000);

test.each(["main", "worker"])("on the %s thread, a subscription long enough to overflow the stack is a RangeError", async (where) => {
  expect(await runPaths(where, OVER[where])).toEqual(expected(true));
}, 40_000);

test.each(["proxy", "js"])(
  "a %s forwarder drops a raw peer's 1 MiB subscription, serves the longest allowed one, and goes on forwarding",
  async (mode) => {
    const child = runFixture("test/fixtures/subscriptions/forwarder.mts", [mode, String(1024 * 1024)]);
    const status = await child.exit(30_000);
    expect({ status, lines: child.lines }, child.stderr()).toEqual({
      status: { code: 0, signal: null },
      lines: [
        "forwarding",
        "survived an oversized subscription",
        "served the longest subscription and its disconnect",
        "ok",
      ],
    });
  },
  40_000,
);

test.each([
  ["PUB", zmq.PUB],
  ["XPUB", zmq.XPUB],
])("a %s bounds what its peers may send to a subscription's length, and says so", (_, type) => {
  const socket = t.socket(type);
  expect(socket.getsockopt(zmq.MAXMSGSIZE)).toBe(BigInt(zmq.MAX_SUBSCRIPTION_BYTES + 1));
  socket.setsockopt(zmq.MAXMSGSIZE, 100); // lower is always allowed
  expect(socket.getsockopt(zmq.MAXMSGSIZE)).toBe(100n);
  for (const value of [zmq.MAX_SUBSCRIPTION_BYTES + 2, -1, 2n ** 40n]) {
    expect(() => socket.setsockopt(zmq.MAXMSGSIZE, value)).toThrow(/allowLargePeerMessages/);
    expect(() => socket.setsockopt(zmq.MAXMSGSIZE, value)).toThrow(RangeError);
  }
  expect(socket.getsockopt(zmq.MAXMSGSIZE)).toBe(100n);
  socket.allowLargePeerMessages(-1);
  expect(socket.getsockopt(zmq.MAXMSGSIZE)).toBe(-1n);
  socket.allowLargePeerMessages(1n << 20n);
  expect(socket.getsockopt(zmq.MAXMSGSIZE)).toBe(1n << 20n);
});

test("other sockets keep libzmq's MAXMSGSIZE, unbounded, and take any", () => {
  const sub = t.socket(zmq.SUB);
  expect(sub.getsockopt(zmq.MAXMSGSIZE)).toBe(-1n);
  sub.setsockopt(zmq.MAXMSGSIZE, 1 << 30);
  expect(sub.getsockopt(zmq.MAXMSGSIZE)).toBe(1n << 30n);
});

test("an XSUB's ordinary messages, of any length, are not taken for subscriptions", async () => {
  const xsub = t.socket(zmq.XSUB);
  const xpub = t.socket(zmq.XPUB);
  xpub.bind("inproc://xsub-upstream");
  xsub.connect("inproc://xsub-upstream");
  const upstream = Buffer.alloc(1024 * 1024, "u"); // first byte neither 0 nor 1
  await xsub.send(upstream);
  expect((await xpub.recv()).equals(upstream)).toBe(true);
});

test("a proxy sends an XSUB only what a PUB or XPUB within the bound receives", async () => {
  const xsub = t.socket(zmq.XSUB);
  const pull = t.socket(zmq.PULL); // MAXMSGSIZE -1: a peer's message of any size would reach the XSUB
  expect(() => zmq.proxy(xsub, pull)).toThrow(/only what a PUB or XPUB with MAXMSGSIZE from 0 to 1025/);
  expect(() => zmq.proxy(pull, xsub)).toThrow(RangeError);
  pull.setsockopt(zmq.MAXMSGSIZE, 100); // inproc peers are not held to MAXMSGSIZE
  expect(() => zmq.proxy(xsub, pull)).toThrow(RangeError);
  const large = t.socket(zmq.XPUB);
  large.allowLargePeerMessages(-1);
  expect(() => zmq.proxy(xsub, large)).toThrow(RangeError);
  // Lowered again after the fact: what peers sent meanwhile may still wait in its queue.
  large.setsockopt(zmq.MAXMSGSIZE, 1025);
  expect(() => zmq.proxy(xsub, large)).toThrow(RangeError);
  const xpub = t.socket(zmq.XPUB);
  const capture = t.socket(zmq.XSUB); // a capture gets what both sides receive, the XSUB's too
  expect(() => zmq.proxy(xsub, xpub, capture)).toThrow(RangeError);
  // The Guide's forwarder runs (until the test's context ends it).
  const running = zmq.proxy(xsub, xpub);
  t.context.shutdown();
  await running;
});

test("an XSUB's sendMany sends the messages before an oversized subscription, refuses it, and none after", async () => {
  const xsub = t.socket(zmq.XSUB);
  const xpub = t.socket(zmq.XPUB);
  xpub.bind("inproc://xsub-send-many");
  xsub.connect("inproc://xsub-send-many");
  const oversized = Buffer.alloc(zmq.MAX_SUBSCRIPTION_BYTES + 2, "o");
  oversized[0] = 1;
  await expect(xsub.sendMany(["\x01a", oversized, "\x01b"])).rejects.toThrow(RangeError);
  await xsub.send("\x01z");
  const got = [(await xpub.recv()).toString(), (await xpub.recv()).toString()];
  expect(got).toEqual(["\x01a", "\x01z"]);
});
