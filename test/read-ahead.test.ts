// A receive takes every message already waiting in one native call and serves the next
// receives from what it read (lib/engine/inbox.ts). These tests pin what that must never change:
// bytes, order, message boundaries, RCVMORE, poll readiness, and what a proxy may take.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { internalsOf } from "../lib/engine/registry";
import { ARENA_FRAME_MAX_BYTES } from "../lib/generated/wire";
import { useTestContext } from "./support/context";

describe("receives that read ahead", () => {
  const t = useTestContext();
  let endpoints = 0;

  // Over inproc a resolved send is already in the receiver's pipe, so the first receive
  // below reads ahead everything sent before it.
  function pushPull(): { push: zmq.Socket; pull: zmq.Socket } {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.setsockopt(zmq.RCVHWM, 0);
    push.setsockopt(zmq.SNDHWM, 0);
    const at = `inproc://read-ahead-${++endpoints}`;
    pull.bind(at);
    push.connect(at);
    return { push, pull };
  }

  /** Bytes that say which message they belong to, whatever their length. */
  function pattern(index: number, size: number): Buffer {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (index * 31 + i) & 0xff;
    return bytes;
  }

  test("every frame keeps its bytes while later receives refill the shared arena", async () => {
    const { push, pull } = pushPull();
    // Around every size where the path changes: into the arena, or a copy of its own; and
    // enough of them to go through many arenas.
    const arenaMax = ARENA_FRAME_MAX_BYTES;
    const sizes = [0, 1, 7, 100, 1024, arenaMax - 1, arenaMax, arenaMax + 1, 16 * 1024, 70_000];
    const count = 3000;
    for (let i = 0; i < count; i++) await push.send(pattern(i, sizes[i % sizes.length]));
    const received: Buffer[] = [];
    for await (const [frame] of pull) {
      received.push(frame);
      if (received.length === count) break;
    }
    // Checked only now, after every receive: an arena reused too early would show here.
    received.forEach((frame, i) => expect(frame.equals(pattern(i, sizes[i % sizes.length]))).toBe(true));
    // Genuine Buffers, whichever way each was made: Buffer methods and Buffer.isBuffer work.
    for (const frame of received) {
      expect(Buffer.isBuffer(frame)).toBe(true);
      expect(Object.getPrototypeOf(frame)).toBe(Buffer.prototype);
    }
  });

  test("a read-ahead of KiB frames goes on in fresh arenas, not a backing store per frame", async () => {
    const { push, pull } = pushPull();
    const count = 256; // one read-ahead's worth
    for (let i = 0; i < count; i++) await push.send(pattern(i, 1024));
    const received: Buffer[] = [];
    for await (const [frame] of pull) {
      received.push(frame);
      if (received.length === count) break;
    }
    received.forEach((frame, i) => expect(frame.equals(pattern(i, 1024))).toBe(true));
    // 256 KiB in 64 KiB arenas: a handful of ArrayBuffers under them all (one of its own
    // per frame once the first arena was full, before).
    const arenas = new Set(received.map((frame) => frame.buffer));
    expect(arenas.size).toBeLessThanOrEqual(6);
  });

  // A receive whose message fills the shared arena calls the addon again with a fresh one,
  // and a REP (or REQ) refuses that second receive with EFSM: the message the first call
  // took must still be the receive's. Messages of 2,000–7,000 bytes walk the arena's fill
  // across its end every few round trips.
  test.each([
    ["REP", "requests"],
    ["REQ", "replies"],
  ])("a %s's %s arrive whole whenever one fills the arena", async (_, large) => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    const at = `inproc://read-ahead-${++endpoints}`;
    rep.bind(at);
    req.connect(at);
    for (const size of [2000, 4000, 7000]) {
      for (let i = 0; i < 40; i++) {
        const request = large === "requests" ? pattern(i, size) : Buffer.from("q");
        const reply = large === "replies" ? pattern(i, size) : Buffer.from("r");
        await req.send(request);
        expect((await rep.recvMultipart())[0].equals(request)).toBe(true);
        await rep.send(reply);
        expect((await req.recv()).equals(reply)).toBe(true);
      }
    }
  });

  test("recv() takes a read-ahead message frame by frame, and more tells where it ends", async () => {
    const { push, pull } = pushPull();
    await push.send(["a", "b", "c"]);
    await push.send("d");
    const steps: [string, boolean, unknown][] = [];
    for (let i = 0; i < 2; i++) {
      const frame = (await pull.recv()).toString();
      steps.push([frame, pull.more, pull.getsockopt(zmq.RCVMORE)]);
    }
    expect(steps).toEqual([
      ["a", true, true],
      ["b", true, true],
    ]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["c"]); // the rest of it
    expect(pull.more).toBe(false);
    expect(pull.tryRecv()?.toString()).toBe("d");
    expect(pull.more).toBe(false);
    expect(pull.tryRecv()).toBeNull();
  });

  test("a message of more frames than one native call can describe arrives whole", async () => {
    const { push, pull } = pushPull();
    const frames = Array.from({ length: 3000 }, (_, i) => `frame ${i}`);
    await push.send("before");
    await push.send(frames);
    await push.send("after");
    expect((await pull.recvMultipart()).map(String)).toEqual(["before"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(frames);
    expect((await pull.recvMultipart()).map(String)).toEqual(["after"]);
  });

  test("recvMsg after a read-ahead gets the next frames in order", async () => {
    const { push, pull } = pushPull();
    await push.send(["x", "y"]);
    await push.send("z");
    expect((await pull.recv()).toString()).toBe("x");
    expect((await pull.recvMsg()).toString()).toBe("y");
    expect(pull.more).toBe(false);
    expect((await pull.recvMsg()).toString()).toBe("z");
  });

  test("recvMany returns at most max messages, the rest stay for the next receive", async () => {
    const { push, pull } = pushPull();
    for (let i = 0; i < 10; i++) await push.send(String(i));
    expect((await pull.recvMany(3)).map(([f]) => f.toString())).toEqual(["0", "1", "2"]);
    expect((await pull.recv()).toString()).toBe("3");
    expect((await pull.recvMany(100)).map(([f]) => f.toString())).toEqual(["4", "5", "6", "7", "8", "9"]);
  });

  test("a socket whose messages come one at a time stops reading ahead, until they queue up", async () => {
    const { push, pull } = pushPull();
    // "zmq-napi" runs from lib/ here (vitest.config.ts) but is typed as the built package:
    // one Socket class at run time, two to the type checker.
    const readAhead = () => internalsOf(pull as unknown as Parameters<typeof internalsOf>[0]).heldMessages();
    // A receive that waits, then finds a single message: the socket looks request-reply.
    const first = pull.recv();
    await push.send("0");
    expect((await first).toString()).toBe("0");
    for (let i = 1; i <= 10; i++) await push.send(String(i));
    // Taken alone, though nine more wait: a read ahead would have cost a poll for nothing.
    expect((await pull.recv()).toString()).toBe("1");
    expect(readAhead()).toBe(0);
    // Two receives in a row found a message: reading ahead again takes the rest at once.
    expect((await pull.recv()).toString()).toBe("2");
    expect(readAhead()).toBe(8);
    for (let i = 3; i <= 10; i++) expect((await pull.recv()).toString()).toBe(String(i));
  });

  test("poll reports POLLIN while read-ahead messages wait, and not after", async () => {
    const { push, pull } = pushPull();
    await push.send("one");
    await push.send("two");
    expect((await pull.recv()).toString()).toBe("one"); // "two" is read ahead with it
    const items: zmq.PollItem[] = [{ socket: pull, events: zmq.POLLIN }];
    expect(await zmq.poll(items, 0)).toBe(1);
    expect(items[0].revents).toBe(zmq.POLLIN);
    expect((await pull.recv()).toString()).toBe("two");
    expect(await zmq.poll(items, 0)).toBe(0);
  });

  test("a proxy refuses a socket that holds read-ahead messages; they stay readable", async () => {
    const { push, pull } = pushPull();
    const out = t.socket(zmq.PUSH);
    out.bind(`inproc://read-ahead-out-${++endpoints}`);
    await push.send("one");
    await push.send("two");
    expect((await pull.recv()).toString()).toBe("one");
    expect(() => zmq.proxy(pull, out)).toThrow(expect.objectContaining({ code: "EBUSY" }));
    expect((await pull.recv()).toString()).toBe("two");
  });

  test("transferring a received frame's ArrayBuffer leaves the frames that share it intact", async () => {
    const { push, pull } = pushPull();
    for (const text of ["first", "second", "", "third"]) await push.send(text);
    const first = await pull.recv();
    // Small frames share one ArrayBuffer. Were it transferred (detached), `second`, read
    // ahead into it, would be emptied under its receiver.
    try {
      structuredClone(first.buffer, { transfer: [first.buffer as ArrayBuffer] });
    } catch {
      // Refusing the transfer is as good (Node 21 and later throw).
    }
    expect(first.toString()).toBe("first");
    expect((await pull.recv()).toString()).toBe("second");
    expect((await pull.recv()).length).toBe(0);
    expect((await pull.recv()).toString()).toBe("third");
  });

  test("close drops read-ahead messages as libzmq drops its queue, and receives then fail", async () => {
    const { push, pull } = pushPull();
    await push.send("one");
    await push.send("two");
    await pull.recv();
    pull.close();
    await expect(pull.recv()).rejects.toMatchObject({ code: "ENOTSOCK" });
    expect(() => pull.tryRecv()).toThrow(expect.objectContaining({ code: "ENOTSOCK" }));
  });
});
