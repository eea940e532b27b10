import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { ARENA_FRAME_MAX_BYTES } from "../lib/generated/wire";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

/** The bytes a view or buffer stands for, as a Buffer to compare against. */
function bytesOf(data: ArrayBuffer | ArrayBufferView): Buffer {
  return data instanceof ArrayBuffer
    ? Buffer.from(new Uint8Array(data))
    : Buffer.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

describe.each(TRANSPORTS)("multipart messages over %s", (transport) => {
  const t = useTestContext();

  function pushPull(): { push: zmq.Socket; pull: zmq.Socket } {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind(bindEndpoint(transport));
    push.connect(pull.lastEndpoint);
    return { push, pull };
  }

  test("recvMultipart returns every frame of a message, and only that message", async () => {
    const { push, pull } = pushPull();
    await push.send(["one", "two", "three"]);
    await push.send("single");
    await push.send(["x", "y"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["one", "two", "three"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["single"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["x", "y"]);
    expect(pull.more).toBe(false); // recvMultipart took the message to its end
  });

  test("messages sent at once from several senders arrive whole, never interleaved", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind(bindEndpoint(transport));
    const senders = 4;
    const perSender = 50;
    const pushes = Array.from({ length: senders }, () => {
      const push = t.socket(zmq.PUSH);
      push.connect(pull.lastEndpoint);
      return push;
    });
    // Every frame names its sender, message and position, so a stray frame stands out.
    const message = (s: number, m: number) =>
      Array.from({ length: 1 + (m % 5) }, (_, f) => `s${s} m${m} f${f}`);
    const sending = pushes.flatMap((push, s) =>
      Array.from({ length: perSender }, (_, m) => push.send(message(s, m))),
    );
    // Many receives pending at once: each must still get one whole message.
    const receiving = Array.from({ length: senders * perSender }, () => pull.recvMultipart());
    const received = (await Promise.all(receiving)).map((frames) => frames.map(String));
    await Promise.all(sending);
    const next = new Array<number>(senders).fill(0);
    for (const frames of received) {
      const s = Number(/^s(\d+)/.exec(frames[0])![1]);
      // Each sender's messages come in its order, each with exactly its own frames.
      expect(frames).toEqual(message(s, next[s]++));
    }
    expect(next).toEqual(new Array(senders).fill(perSender));
  });

  test("multipart messages stay whole when the senders wait at the high-water mark", async () => {
    const pull = t.socket(zmq.PULL);
    pull.setsockopt(zmq.RCVHWM, 1);
    pull.bind(bindEndpoint(transport));
    const pushes = [t.socket(zmq.PUSH), t.socket(zmq.PUSH)];
    for (const push of pushes) {
      push.setsockopt(zmq.SNDHWM, 1);
      push.connect(pull.lastEndpoint);
    }
    // Far more than the queues hold: most sends wait for room, frames must still not mix.
    const count = 100;
    const sending = pushes.flatMap((push, s) =>
      Array.from({ length: count }, (_, m) => push.send([`s${s}`, `m${m}`, "tail"])),
    );
    const next = [0, 0];
    for (let i = 0; i < 2 * count; i++) {
      const [from, body, tail, ...rest] = (await pull.recvMultipart()).map(String);
      const s = Number(from.slice(1));
      expect([from, body, tail, rest]).toEqual([`s${s}`, `m${next[s]++}`, "tail", []]);
      expect(pull.more).toBe(false);
    }
    await Promise.all(sending);
    expect(next).toEqual([count, count]);
  });

  test("a multipart send that fails on a bad frame queues nothing of that message", async () => {
    const { push, pull } = pushPull();
    const closed = new zmq.Message("closed");
    closed.close();
    // The closed Message is only found bad when its turn comes, after the first frame.
    await expect(push.send(["head", closed])).rejects.toBeInstanceOf(Error);
    expect(() => push.trySend(["head again", closed])).toThrow();
    await push.send("next");
    // The failed messages must not have left their first frames queued: "next" arrives alone.
    expect((await pull.recvMultipart()).map(String)).toEqual(["next"]);
  });

  test("frames small and large (into the arena, or copied each) arrive byte-exact", async () => {
    const { push, pull } = pushPull();
    // Around libzmq's in-place limit (33 bytes) and the receive arena's frame limit.
    const KiB = 1024;
    const arenaMax = ARENA_FRAME_MAX_BYTES;
    const sizes = [1, 29, 33, 34, 255, arenaMax - 1, arenaMax, arenaMax + 1, 256 * KiB, 2048 * KiB];
    const frames = sizes.map((size, n) => {
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + n * 7 + (i >> 8)) & 0xff;
      return bytes;
    });
    for (const frame of frames) await push.send(frame);
    await push.send(frames);
    const single: Buffer[] = [];
    for (let i = 0; i < frames.length; i++) single.push(await pull.recv());
    const multipart = await pull.recvMultipart();
    const asMessages: zmq.Message[] = [];
    await push.send(frames);
    for (let i = 0; i < frames.length; i++) asMessages.push(await pull.recvMsg());
    // Compared only after every receive: a buffer reused by a later receive would show here.
    expect(single.map((frame) => frame.length)).toEqual(sizes);
    single.forEach((frame, i) => expect(frame.equals(frames[i])).toBe(true));
    multipart.forEach((frame, i) => expect(frame.equals(frames[i])).toBe(true));
    asMessages.forEach((message, i) => {
      expect(message.size).toBe(sizes[i]);
      expect(message.more).toBe(i < sizes.length - 1);
      expect(message.data.equals(frames[i])).toBe(true);
    });
  });

  test("an empty single frame arrives as an empty message, from Buffer.alloc(0) or ''", async () => {
    const { push, pull } = pushPull();
    for (const empty of [Buffer.alloc(0), "", new Uint8Array(0), new ArrayBuffer(0)]) {
      await push.send(empty);
      const frames = await pull.recvMultipart();
      expect(frames).toHaveLength(1);
      expect(frames[0]).toBeInstanceOf(Buffer);
      expect(frames[0].length).toBe(0);
    }
  });

  test("empty frames keep their place in a multipart message", async () => {
    const { push, pull } = pushPull();
    await push.send(["a", "", "b"]);
    await push.send([Buffer.alloc(0), "middle", Buffer.alloc(0)]);
    await push.send(["", "", ""]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["a", "", "b"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["", "middle", ""]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["", "", ""]);
  });

  test("SNDMORE frame by frame, received frame by frame with sock.more", async () => {
    const { push, pull } = pushPull();
    // Not awaited one by one: pending sends go in order, so the frames still join up.
    await Promise.all([
      push.send("first", zmq.SNDMORE),
      push.send("", zmq.SNDMORE),
      push.send("last"),
      push.send("next message"),
    ]);
    const frames: [string, boolean, boolean][] = [];
    for (let i = 0; i < 4; i++) {
      const frame = (await pull.recv()).toString();
      frames.push([frame, pull.more, pull.getsockopt(zmq.RCVMORE) as boolean]);
    }
    expect(frames).toEqual([
      ["first", true, true],
      ["", true, true],
      ["last", false, false],
      ["next message", false, false],
    ]);
  });

  test("an array sent with SNDMORE continues into the next send", async () => {
    const { push, pull } = pushPull();
    await push.send(["a", "b"], zmq.SNDMORE);
    await push.send(["c", "d"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["a", "b", "c", "d"]);
  });

  test("recvMsg returns a Message with the right data, size and more", async () => {
    const { push, pull } = pushPull();
    const body = Buffer.from([0, 1, 2, 250, 255]);
    await push.send(["head", body, ""]);
    const head = await pull.recvMsg();
    expect(head).toBeInstanceOf(zmq.Message);
    expect(head.toString()).toBe("head");
    expect(head.size).toBe(4);
    expect(head.more).toBe(true);
    const middle = await pull.recvMsg();
    expect(middle.data).toBeInstanceOf(Buffer);
    expect(middle.data).toEqual(body);
    expect(middle.size).toBe(body.length);
    expect(middle.more).toBe(true);
    const tail = await pull.recvMsg();
    expect(tail.size).toBe(0);
    expect(tail.data.length).toBe(0);
    expect(tail.more).toBe(false);
    expect(pull.more).toBe(false);
  });

  test("every accepted data type arrives byte-exact", async () => {
    const { push, pull } = pushPull();
    const backing = new ArrayBuffer(64);
    new Uint8Array(backing).forEach((_, i, all) => (all[i] = (i * 37 + 11) & 0xff));
    // A Buffer from the shared pool has a non-zero byteOffset into a larger ArrayBuffer.
    const pooled = Buffer.from("pooled bytes");
    // A view's expected bytes are exactly the ones in its byteOffset/byteLength window.
    const view = (name: string, data: ArrayBufferView): [string, zmq.Frame, Buffer] => [
      name,
      data,
      bytesOf(data),
    ];
    const cases: [string, zmq.Frame, Buffer][] = [
      ["Buffer", Buffer.from([1, 2, 3, 0, 255]), Buffer.from([1, 2, 3, 0, 255])],
      ["pooled Buffer", pooled, Buffer.from("pooled bytes")],
      ["string (UTF-8)", "héllo, wörld ✓ 🚀", Buffer.from("héllo, wörld ✓ 🚀", "utf8")],
      ["Uint8Array", new Uint8Array([9, 8, 7]), Buffer.from([9, 8, 7])],
      view("Uint8Array with byteOffset", new Uint8Array(backing, 5, 10)),
      view("Uint16Array with byteOffset", new Uint16Array(backing, 6, 4)),
      view("Int32Array subarray", new Int32Array(backing).subarray(3, 7)),
      view("Float64Array", new Float64Array([Math.PI, -0, Infinity])),
      view("BigUint64Array", new BigUint64Array([2n ** 64n - 1n, 1n])),
      ["ArrayBuffer", backing.slice(10, 20), Buffer.from(new Uint8Array(backing, 10, 10))],
      view("DataView with byteOffset", new DataView(backing, 40, 12)),
      ["Message", new zmq.Message(Buffer.from("in a message")), Buffer.from("in a message")],
    ];
    // One at a time and all together as one multipart message.
    for (const [, frame, expected] of cases) {
      await push.send(frame);
      expect(await pull.recv()).toEqual(expected);
    }
    const multipart = cases.map(([name, frame, expected]): [string, zmq.Frame, Buffer] =>
      name === "Message" ? [name, new zmq.Message(expected), expected] : [name, frame, expected],
    );
    await push.send(multipart.map(([, frame]) => frame));
    const frames = await pull.recvMultipart();
    expect(frames.length).toBe(cases.length);
    // The name travels with each frame so that a failure says which type went wrong.
    multipart.forEach(([name, , expected], i) => {
      expect([name, frames[i]]).toEqual([name, expected]);
    });
    // Sending never alters the caller's bytes.
    expect(pooled.toString()).toBe("pooled bytes");
  });

  test("sending a Message empties it, as in C", async () => {
    const { push, pull } = pushPull();
    const message = new zmq.Message("moved");
    expect(message.size).toBe(5);
    await push.send(message);
    expect(message.size).toBe(0);
    expect((await pull.recv()).toString()).toBe("moved");
    // A copy shares the bytes and survives the original being sent.
    const original = new zmq.Message("shared");
    const copy = original.copy();
    await push.send(original);
    expect(copy.toString()).toBe("shared");
    await push.send(copy);
    expect((await pull.recv()).toString()).toBe("shared");
    expect((await pull.recv()).toString()).toBe("shared");
  });
});

// libzmq's CONFLATE keeps the last message written, and writes a multipart message's frames
// one at a time: all but the last frame would be lost without a word.
describe("a socket with CONFLATE", () => {
  const t = useTestContext();

  test("refuses a multipart send, as an array or with SNDMORE, and sends single frames", async () => {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    push.setsockopt(zmq.CONFLATE, true);
    pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.lastEndpoint);
    await expect(push.send(["header", "body"])).rejects.toMatchObject({ code: "EINVAL" });
    await expect(push.send("header", zmq.SNDMORE)).rejects.toMatchObject({ code: "EINVAL" });
    expect(() => push.trySend(["header", "body"])).toThrow(expect.objectContaining({ code: "EINVAL" }));
    await push.send(["one frame"]);
    expect((await pull.recvMultipart()).map(String)).toEqual(["one frame"]);
    // Turned off, it still refuses: the pipe made while it was on still conflates.
    push.setsockopt(zmq.CONFLATE, false);
    await expect(push.send(["header", "body"])).rejects.toMatchObject({ code: "EINVAL" });
  });

  test("but not where libzmq conflates nothing: another type, or on and off before connecting", async () => {
    const router = t.socket(zmq.ROUTER); // libzmq ignores CONFLATE for a ROUTER
    router.setsockopt(zmq.CONFLATE, true);
    router.bind("tcp://127.0.0.1:*");
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.CONFLATE, true);
    dealer.setsockopt(zmq.CONFLATE, false);
    dealer.connect(router.lastEndpoint);
    await dealer.send(["request", "parts"]);
    const [id, ...request] = await router.recvMultipart();
    expect(request.map(String)).toEqual(["request", "parts"]);
    await router.send([id, "reply", "parts"]);
    expect((await dealer.recvMultipart()).map(String)).toEqual(["reply", "parts"]);
  });
});
