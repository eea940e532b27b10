import { execFileSync } from "node:child_process";
import { closeSync, constants as fsConstants, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

describe.each(TRANSPORTS)("zmq.poll over %s", (transport) => {
  const t = useTestContext();

  function pushPull(): [zmq.Socket, zmq.Socket] {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind(bindEndpoint(transport));
    push.connect(pull.lastEndpoint);
    return [push, pull];
  }

  test("0 answers at once; -1 waits until a message comes", async () => {
    const [push, pull] = pushPull();
    const items: zmq.PollItem[] = [{ socket: pull, events: zmq.POLLIN }];
    expect(await zmq.poll(items, 0)).toBe(0);
    expect(items[0].revents).toBe(0);
    const waiting = zmq.poll(items, -1);
    await push.send("wake");
    expect(await waiting).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLIN);
    expect((await pull.recv()).toString()).toBe("wake");
  });

  test("a positive timeout is honoured", async () => {
    const [, pull] = pushPull();
    const started = performance.now();
    expect(await zmq.poll([{ socket: pull, events: zmq.POLLIN }], 50)).toBe(0);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(48);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("zmq.poll", () => {
  const t = useTestContext();

  test("over 100 sockets, one of them ready, answers with exactly that one", async () => {
    const pulls = Array.from({ length: 100 }, (_, i) => {
      const pull = t.socket(zmq.PULL);
      pull.bind(`inproc://poll-100-${i}`);
      return pull;
    });
    const push = t.socket(zmq.PUSH);
    push.connect("inproc://poll-100-63");
    await push.send("only this one");
    const items = pulls.map((socket) => ({ socket, events: zmq.POLLIN }) as zmq.PollItem);
    expect(await zmq.poll(items, 1000)).toBe(1);
    expect(items.map((item, i) => [i, item.revents]).filter(([, revents]) => revents)).toEqual([[63, zmq.POLLIN]]);
  });

  test("a plain fd becomes POLLIN-ready when written to", async () => {
    // A FIFO: an fd libuv is not already watching (poll may not share one with Node).
    const dir = mkdtempSync(join(tmpdir(), "zmq-napi-fifo-"));
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const reader = openSync(fifo, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const writer = openSync(fifo, "w");
    try {
      const items: zmq.PollItem[] = [{ fd: reader, events: zmq.POLLIN }];
      expect(await zmq.poll(items, 0)).toBe(0);
      const waiting = zmq.poll(items, -1);
      writeSync(writer, "x");
      expect(await waiting).toBe(1);
      expect(items[0].revents).toBe(zmq.POLLIN);
    } finally {
      closeSync(reader);
      closeSync(writer);
      rmSync(dir, { recursive: true });
    }
  });

  test("POLLOUT on a PUSH with a peer is ready at once", async () => {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind("inproc://pollout");
    push.connect("inproc://pollout");
    const items: zmq.PollItem[] = [{ socket: push, events: zmq.POLLOUT }];
    expect(await zmq.poll(items, 0)).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLOUT);
  });

  test("closing a socket under a waiting poll rejects it with ENOTSOCK", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind("inproc://poll-close");
    const waiting = zmq.poll([{ socket: pull, events: zmq.POLLIN }]);
    pull.close();
    await expect(waiting).rejects.toMatchObject({ code: "ENOTSOCK" });
  });

  test("Poller: register, poll, unregister", async () => {
    const a = t.socket(zmq.PULL);
    const b = t.socket(zmq.PULL);
    a.bind("inproc://poller-a");
    b.bind("inproc://poller-b");
    const push = t.socket(zmq.PUSH);
    push.connect("inproc://poller-b");
    await push.send("to b");
    const poller = new zmq.Poller();
    poller.register(a, zmq.POLLIN);
    poller.register(b, zmq.POLLIN);
    expect(await poller.poll(1000)).toEqual([[b, zmq.POLLIN]]);
    poller.unregister(b);
    expect(await poller.poll(0)).toEqual([]);
  });

  test.each([
    ["not an array", {}],
    ["an item with neither socket nor fd", [{ events: 1 }]],
    ["an item with a socket and an fd", [{ socket: {}, fd: 1, events: 1 }]],
    ["events not a number", [{ fd: 0, events: "in" }]],
  ])("%s is a TypeError", (_, items) => {
    expect(() => zmq.poll(items as never)).toThrow(TypeError);
  });
});
