// Inproc connects to endpoints nobody binds (issue 13, point 2). libzmq keeps a socket closed
// while its connect waits for a bind from ever finishing, fd and socket slot included, and its
// zmq_ctx_term then aborted (ctx.cpp:169) from about 512 such sockets. Each count below runs
// below, at and well above that; each process must exit 0 with every fd back.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { nextMessage, runFixture, startWorker, within, workerExit } from "./support/fixture-process";

// A socket slot each while open, so the counts of sockets left open stay under the default
// MAX_SOCKETS (1023); closed at once, they can go well past it.
const cases: [count: number, endpoints: "same" | "distinct", ending: string][] = [
  [100, "same", "close-term"],
  [100, "distinct", "close-exit"],
  [512, "same", "close-exit"],
  [512, "distinct", "close-term"],
  [2000, "same", "close-term"],
  [2000, "distinct", "close-exit"],
  [600, "same", "shutdown-close"],
  [600, "distinct", "term-close"],
  [600, "same", "disconnect-term"],
];

/** The fixture's "fds <before> <after>" line as numbers. */
function fdCounts(line: string): { before: number; after: number } {
  const [before, after] = line.split(" ").slice(1).map(Number);
  return { before, after };
}

describe("sockets connected to an inproc endpoint nobody binds", () => {
  test.each(cases)("%i sockets, %s endpoints, %s: exit 0, no fd left", async (count, endpoints, ending) => {
    const child = runFixture("test/fixtures/inproc/connect-unbound.mts", [String(count), endpoints, ending]);
    const { before, after } = fdCounts(await child.line(/^fds /, 15_000));
    const status = await child.exit(15_000);
    expect({ status, stderr: child.stderr() }).toEqual({ status: { code: 0, signal: null }, stderr: "" });
    expect(after).toBeLessThanOrEqual(before);
    expect(child.lines.includes("terminated")).toBe(ending !== "close-exit");
  }, 40_000);

  test("a Worker on zmq.context() that had 600 such sockets, terminated, leaves no fd", async () => {
    const child = runFixture("test/fixtures/inproc/terminated-worker.mts", ["600"]);
    const { before, after } = fdCounts(await child.line(/^fds /, 15_000));
    expect(await child.exit(15_000)).toEqual({ code: 0, signal: null });
    expect(after).toBeLessThanOrEqual(before);
  }, 40_000);
});

describe("connects before a bind still connect when other connectors have closed", () => {
  let count = 0;
  const endpoint = () => `inproc://pending-${process.pid}-${++count}`;

  /** `connectors` sockets of `type` that connect to `at` and close. */
  function connectAndClose(ctx: zmq.Context, type: number, at: string, connectors = 3): void {
    for (let i = 0; i < connectors; i++) {
      const gone = ctx.socket(type);
      gone.connect(at);
      gone.close();
    }
  }

  test("an open socket that connected before the bind receives after it", async () => {
    const ctx = new zmq.Context();
    const at = endpoint();
    connectAndClose(ctx, zmq.PULL, at);
    const waiting = ctx.socket(zmq.PULL);
    waiting.connect(at);
    connectAndClose(ctx, zmq.PULL, at);
    const push = ctx.socket(zmq.PUSH);
    push.bind(at);
    await within(push.send("after the bind"), "the send after the bind");
    expect(String(await within(waiting.recv(), "the message sent after the bind"))).toBe("after the bind");
    for (const socket of [waiting, push]) socket.close();
    await within(ctx.term(), "term");
  });

  test("a PAIR bound in a Worker pairs with the open socket, not those closed before it", async () => {
    // A PAIR takes the first connection a bind gives it: libzmq's list had the closed
    // connectors' first, the open one's after them.
    const ctx = zmq.context();
    const at = endpoint();
    connectAndClose(ctx, zmq.PAIR, at);
    const waiting = ctx.socket(zmq.PAIR);
    waiting.connect(at);
    const worker = startWorker("workers/echo-peer.mts", { endpoint: at, bind: true });
    expect(await nextMessage(worker)).toBe("ready");
    for (const text of ["hello", "bye"]) {
      await within(waiting.send(text), `the send of "${text}"`);
      const echo = await within(waiting.recvMultipart(), `the echo of "${text}"`);
      expect(echo.map(String)).toEqual(["echo", text]);
    }
    expect(await workerExit(worker)).toBe(0);
    waiting.close();
  });

  test("what an open socket sent before the bind arrives once it comes", async () => {
    const ctx = new zmq.Context();
    const at = endpoint();
    const early = ctx.socket(zmq.PUSH);
    early.connect(at);
    await early.send("before the bind");
    connectAndClose(ctx, zmq.PUSH, at);
    const pull = ctx.socket(zmq.PULL);
    pull.bind(at);
    expect(String(await within(pull.recv(), "the message sent before the bind"))).toBe("before the bind");
    for (const socket of [early, pull]) socket.close();
    await within(ctx.term(), "term");
  });
});
