import { execFileSync } from "node:child_process";
import { closeSync, constants as fs, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixture, within } from "./support/fixture-process";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

/** Resolves with "later" on the next loop turn: what "answers at once" must beat. */
const nextTurn = () => new Promise<"later">((resolve) => setImmediate(() => resolve("later")));

describe.each(TRANSPORTS)("zmq.poll over %s", (transport) => {
  const t = useTestContext();

  function connectedPair(): { push: zmq.Socket; pull: zmq.Socket } {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind(bindEndpoint(transport));
    push.connect(pull.lastEndpoint);
    return { push, pull };
  }

  test("timeout 0 answers at once with 0 when nothing is ready", async () => {
    const { pull } = connectedPair();
    const items: zmq.PollItem[] = [{ socket: pull, events: zmq.POLLIN }];
    // Settled before the event loop turns even once: no timer, no wait.
    expect(await Promise.race([zmq.poll(items, 0), nextTurn()])).toBe(0);
    expect(items[0].revents).toBe(0);
  });

  test("a positive timeout is honoured: resolves with 0 after about that long", async () => {
    const { pull } = connectedPair();
    const timeout = 80;
    const started = performance.now();
    const ready = await zmq.poll([{ socket: pull, events: zmq.POLLIN }], timeout);
    const elapsed = performance.now() - started;
    expect(ready).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(timeout - 2);
    expect(elapsed).toBeLessThan(timeout + 500);
  });

  test("-1 waits until a message arrives, and revents has POLLIN", async () => {
    const { push, pull } = connectedPair();
    const items: zmq.PollItem[] = [{ socket: pull, events: zmq.POLLIN }];
    const polling = zmq.poll(items, -1); // nothing has been sent yet: it must wait
    setImmediate(() => void push.send("wake up"));
    expect(await within(polling, "poll(-1)")).toBe(1);
    expect(items[0].revents! & zmq.POLLIN).toBe(zmq.POLLIN);
    expect((await pull.recv()).toString()).toBe("wake up");
  });

  test("POLLOUT on a PUSH with a connected peer is ready at once", async () => {
    const { push, pull } = connectedPair();
    // One round trip proves the peer is connected (tcp and ipc connect in the background).
    await push.send("hello");
    await pull.recv();
    const items: zmq.PollItem[] = [{ socket: push, events: zmq.POLLIN | zmq.POLLOUT }];
    expect(await Promise.race([zmq.poll(items, 0), nextTurn()])).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLOUT); // a PUSH never reads: POLLIN is not reported
  });

  test("closing a socket while a poll waits on it rejects the poll with ENOTSOCK", async () => {
    const { pull } = connectedPair();
    const polling = zmq.poll([{ socket: pull, events: zmq.POLLIN }], -1);
    pull.close();
    await expect(within(polling, "poll on a closed socket")).rejects.toMatchObject({ code: "ENOTSOCK" });
  });
});

describe("zmq.poll over many sockets", () => {
  const t = useTestContext();

  test("100 sockets, exactly one with a message: answers 1, revents set on that one only", async () => {
    const pulls = Array.from({ length: 100 }, (_, i) => {
      const pull = t.socket(zmq.PULL);
      pull.bind(`inproc://poll-many-${process.pid}-${i}`);
      return pull;
    });
    const chosen = 63;
    const push = t.socket(zmq.PUSH);
    push.connect(pulls[chosen].lastEndpoint);
    const items: zmq.PollItem[] = pulls.map((socket) => ({ socket, events: zmq.POLLIN }));
    const polling = zmq.poll(items, -1);
    await push.send("only you");
    expect(await within(polling, "poll over 100 sockets")).toBe(1);
    const readyAt = items.flatMap((item, i) => (item.revents !== 0 ? [i] : []));
    expect(readyAt).toEqual([chosen]);
    expect(items[chosen].revents).toBe(zmq.POLLIN);
  });

  test("sockets and plain fds mixed: each item's revents is its own", async () => {
    const fifo = makeFifo();
    const pull = t.socket(zmq.PULL);
    pull.bind(`inproc://poll-mixed-${process.pid}`);
    const items: zmq.PollItem[] = [
      { socket: pull, events: zmq.POLLIN },
      { fd: fifo.fd, events: zmq.POLLIN },
    ];
    const polling = zmq.poll(items, -1);
    writeSync(fifo.fd, "x");
    expect(await within(polling, "poll on socket and fd")).toBe(1);
    expect(items.map((item) => item.revents)).toEqual([0, zmq.POLLIN]);
  });
});

// A FIFO opened read-write never blocks on open and is its own writer: a plain fd that we
// can make readable when we choose.
const fifos: { fd: number; dir: string }[] = [];
function makeFifo(): { fd: number } {
  const dir = mkdtempSync(join(tmpdir(), "zmq-napi-poll-"));
  const path = join(dir, "fifo");
  execFileSync("mkfifo", [path]);
  const fd = openSync(path, fs.O_RDWR | fs.O_NONBLOCK);
  fifos.push({ fd, dir });
  return { fd };
}
afterEach(() => {
  for (const { fd, dir } of fifos.splice(0)) {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("zmq.poll over plain file descriptors", () => {
  test("a pipe is not POLLIN-ready until written, then is", async () => {
    const { fd } = makeFifo();
    const items: zmq.PollItem[] = [{ fd, events: zmq.POLLIN }];
    expect(await zmq.poll(items, 0)).toBe(0);
    expect(items[0].revents).toBe(0);
    const polling = zmq.poll(items, -1);
    setImmediate(() => writeSync(fd, "ping"));
    expect(await within(polling, "poll on a fifo")).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLIN);
  });

  test("a pipe with room is POLLOUT-ready at once", async () => {
    const { fd } = makeFifo();
    const items: zmq.PollItem[] = [{ fd, events: zmq.POLLOUT }];
    expect(await zmq.poll(items, 0)).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLOUT);
  });
});

describe("Poller", () => {
  const t = useTestContext();

  test("register, poll and unregister: poll returns [socket, events] pairs of what is ready", async () => {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind(`inproc://poller-${process.pid}`);
    push.connect(pull.lastEndpoint);
    const poller = new zmq.Poller();
    poller.register(pull, zmq.POLLIN);
    poller.register(push, zmq.POLLOUT);
    // Only the PUSH can move: it has a peer with room; nothing waits on the PULL.
    expect(await poller.poll(0)).toEqual([[push, zmq.POLLOUT]]);

    await push.send("message");
    expect(await poller.poll(0)).toEqual([
      [pull, zmq.POLLIN],
      [push, zmq.POLLOUT],
    ]);

    poller.unregister(push);
    expect(await poller.poll(-1)).toEqual([[pull, zmq.POLLIN]]);
    await pull.recv();
    // Nothing registered is ready any more: a timeout answers with no pairs.
    expect(await poller.poll(20)).toEqual([]);
  });

  test("registering again changes the events watched", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    pull.bind(`inproc://poller-again-${process.pid}`);
    push.connect(pull.lastEndpoint);
    const poller = new zmq.Poller();
    poller.register(push, zmq.POLLOUT);
    expect(await poller.poll(0)).toEqual([[push, zmq.POLLOUT]]);
    poller.register(push, zmq.POLLIN);
    expect(await poller.poll(0)).toEqual([]);
  });

  test("register refuses what is neither a socket nor an fd, or events that are not a number", () => {
    const poller = new zmq.Poller();
    expect(() => poller.register({} as zmq.Socket)).toThrow(TypeError);
    expect(() => poller.register(t.socket(zmq.PULL), "in" as unknown as number)).toThrow(TypeError);
  });
});

describe("zmq.poll argument checks", () => {
  const t = useTestContext();

  const badItems: Array<[string, (socket: zmq.Socket) => unknown]> = [
    ["not an array", (socket) => ({ socket, events: zmq.POLLIN })],
    ["an item that is not an object", () => [42]],
    ["an item with neither socket nor fd", () => [{ events: zmq.POLLIN }]],
    ["an item with both socket and fd", (socket) => [{ socket, fd: 0, events: zmq.POLLIN }]],
    ["events that are not a number", (socket) => [{ socket, events: "POLLIN" }]],
    ["events missing", (socket) => [{ socket }]],
    ["a socket that is not a zmq Socket", () => [{ socket: {}, events: zmq.POLLIN }]],
  ];

  test.each(badItems)("%s throws TypeError", (_, make) => {
    const items = make(t.socket(zmq.PULL));
    expect(() => zmq.poll(items as zmq.PollItem[], 0)).toThrow(TypeError);
  });
});

describe("a plain fd closed by its owner while it is polled", () => {
  test.each([
    ["poll", "closed"],
    ["poll", "closed and its number reused"],
    ["poller", "closed"],
    ["poller", "closed and its number reused"],
  ])("%s, the fd %s: settles with what the fd's file says, and the process lives", async (mode, after) => {
    const child = runFixture("test/fixtures/poll/fd-closed-while-polled.mts", [mode, after === "closed" ? "" : "reuse"]);
    // The FIFO was never ready: the poll times out with nothing ready.
    await child.line(/^resolved (0|\[\])$/);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
  });

  test("a Poller given an fd that is closed before it polls rejects with EBADF", async () => {
    const fd = openSync("/dev/null", "r");
    const poller = new zmq.Poller();
    poller.register(fd, zmq.POLLIN);
    closeSync(fd);
    await expect(poller.poll(0)).rejects.toMatchObject({ code: "EBADF" });
  });
});

test("the same fd item listed twice is watched twice and both watches end with the poll", async () => {
  const dir = mkdtempSync(join(tmpdir(), "zmq-napi-twice-"));
  const fifo = join(dir, "fifo");
  execFileSync("mkfifo", [fifo]);
  const reader = openSync(fifo, fs.O_RDONLY | fs.O_NONBLOCK);
  const writer = openSync(fifo, fs.O_WRONLY | fs.O_NONBLOCK);
  const fdsBefore = readdirSync("/proc/self/fd").length;
  const item = { fd: reader, events: zmq.POLLIN };
  const polled = zmq.poll([item, item], 5000);
  writeSync(writer, "x");
  expect(await polled).toBe(2);
  // Each watch held a duplicate of the fd: none is left open once the poll has settled.
  expect(readdirSync("/proc/self/fd").length).toBe(fdsBefore);
  for (const fd of [reader, writer]) closeSync(fd);
  rmSync(dir, { recursive: true });
});
