// zmq.Message (zmq_msg_t): construction, `data` as a live view of the bytes, copy(), the C
// rule that sending a message empties it, close(), and received messages' metadata.
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { native } from "../lib/native";
import { useTestContext } from "./support/context";

// libzmq keeps bodies of up to 33 bytes inside the zmq_msg_t and larger ones in a separate
// reference-counted block; each behaviour below is checked on both sides of that line.
const SIZES = [
  { kind: "small", size: 16 },
  { kind: "large", size: 64 * 1024 },
];

let counter = 0;

describe("Message", () => {
  const t = useTestContext();

  /** A connected PAIR of sockets over inproc. */
  function pair(): [zmq.Socket, zmq.Socket] {
    const a = t.socket(zmq.PAIR);
    const b = t.socket(zmq.PAIR);
    a.bind(`inproc://message-${process.pid}-${++counter}`);
    b.connect(a.lastEndpoint);
    return [a, b];
  }

  test("new Message() is empty", () => {
    const msg = new zmq.Message();
    expect(msg.size).toBe(0);
    expect(msg.data).toEqual(Buffer.alloc(0));
    expect(msg.toString()).toBe("");
    expect(msg.more).toBe(false);
    expect(msg.closed).toBe(false);
  });

  test.each([0, 1, 33, 34, 100_000])("new Message(%i) is that many zero bytes", (size) => {
    const msg = new zmq.Message(size);
    expect(msg.size).toBe(size);
    expect(msg.data.equals(Buffer.alloc(size))).toBe(true);
  });

  test.each([
    { label: "a Buffer", input: Buffer.from([1, 2, 3, 250]), bytes: [1, 2, 3, 250] },
    { label: "a string (as UTF-8)", input: "hé", bytes: [0x68, 0xc3, 0xa9] },
    { label: "a Uint8Array", input: new Uint8Array([9, 8, 7]), bytes: [9, 8, 7] },
    { label: "an ArrayBuffer", input: new Uint8Array([4, 5]).buffer, bytes: [4, 5] },
    { label: "a slice of a Buffer", input: Buffer.from([0, 1, 2, 3, 4]).subarray(1, 3), bytes: [1, 2] },
  ])("new Message($label) holds its bytes", ({ input, bytes }) => {
    const msg = new zmq.Message(input);
    expect(msg.size).toBe(bytes.length);
    expect(msg.data).toEqual(Buffer.from(bytes));
  });

  test("the bytes are copied in: changing the source later leaves the message alone", () => {
    const source = Buffer.from("original");
    const msg = new zmq.Message(source);
    source.write("XXXXXXXX");
    expect(msg.toString()).toBe("original");
  });

  test("toString() decodes the bytes as UTF-8", () => {
    expect(new zmq.Message("grüße ✓").toString()).toBe("grüße ✓");
  });

  test.each(SIZES)("data of a $kind message is a view: writing into it changes what is sent", async ({ size }) => {
    const [a, b] = pair();
    const msg = new zmq.Message(Buffer.alloc(size, "a"));
    msg.data.write("zz", 0);
    msg.data[size - 1] = "y".charCodeAt(0);
    // The message itself sees the write, not just the Buffer.
    expect(msg.toString().slice(0, 2)).toBe("zz");
    await a.send(msg);
    const expected = Buffer.alloc(size, "a");
    expected.write("zz", 0);
    expected[size - 1] = "y".charCodeAt(0);
    expect((await b.recv()).equals(expected)).toBe(true);
  });

  test.each(SIZES)("copy() of a $kind message shares its bytes, and both can be sent", async ({ size }) => {
    const [a, b] = pair();
    const original = new zmq.Message(Buffer.alloc(size, "o"));
    const copy = original.copy();
    expect(copy).toBeInstanceOf(zmq.Message);
    expect(copy.size).toBe(size);
    // Shared bytes: a write through one message is seen by the other, and sent by both.
    original.data.write("shared", 0);
    expect(copy.data.subarray(0, 6).toString()).toBe("shared");
    expect(copy.toString().slice(0, 6)).toBe("shared");
    await a.send(original);
    expect(original.size).toBe(0);
    expect(copy.size).toBe(size); // sending one leaves the other whole
    await a.send(copy);
    const expected = Buffer.alloc(size, "o");
    expected.write("shared", 0);
    expect((await b.recv()).equals(expected)).toBe(true);
    expect((await b.recv()).equals(expected)).toBe(true);
  });

  test.each(SIZES)(
    "sending a $kind message empties it, and detaches the data taken before",
    async ({ size }) => {
      const [a, b] = pair();
      const payload = randomBytes(size);
      const msg = new zmq.Message(payload);
      const before = msg.data;
      await a.send(msg);
      expect(msg.size).toBe(0);
      expect(msg.data.length).toBe(0);
      expect(msg.toString()).toBe("");
      expect(before.length).toBe(0); // sent without a copy: the sender keeps no way to them
      expect((await b.recv()).equals(payload)).toBe(true);
    },
  );

  test("each Message frame of a multipart message is emptied by the send", async () => {
    const [a, b] = pair();
    const head = new zmq.Message("head");
    const tail = new zmq.Message("tail");
    await a.send([head, "middle", tail]);
    expect([head.size, tail.size]).toEqual([0, 0]);
    expect((await b.recvMultipart()).map(String)).toEqual(["head", "middle", "tail"]);
  });

  // Every use of a closed message.
  const USES: [string, (msg: zmq.Message) => unknown][] = [
    ["size", (msg) => msg.size],
    ["data", (msg) => msg.data],
    ["more", (msg) => msg.more],
    ["toString()", (msg) => msg.toString()],
    ["copy()", (msg) => msg.copy()],
    ["gets()", (msg) => msg.gets("Socket-Type")],
  ];

  test.each(USES)("%s of a closed message throws a ZmqError", (_, use) => {
    const msg = new zmq.Message("gone");
    msg.close();
    expect(msg.closed).toBe(true);
    expect(() => use(msg)).toThrow(zmq.ZmqError);
  });

  test("close() is idempotent, and sending a closed message rejects with a ZmqError", async () => {
    const [a, b] = pair();
    const msg = new zmq.Message("gone");
    msg.close();
    expect(() => msg.close()).not.toThrow();
    await expect(a.send(msg)).rejects.toBeInstanceOf(zmq.ZmqError);
    // The socket is still fine afterwards.
    await a.send("still works");
    expect((await b.recv()).toString()).toBe("still works");
  });

  test("recvMsg() gives a Message with its frame's more flag", async () => {
    const [a, b] = pair();
    await a.send(["first", "second"]);
    const first = await b.recvMsg();
    expect(first).toBeInstanceOf(zmq.Message);
    expect(first.toString()).toBe("first");
    expect(first.more).toBe(true);
    const second = await b.recvMsg();
    expect(second.toString()).toBe("second");
    expect(second.more).toBe(false);
  });

  test("a message received over tcp carries metadata: Peer-Address and Socket-Type", async () => {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.lastEndpoint);
    await push.send("with metadata");
    const msg = await pull.recvMsg();
    expect(msg.toString()).toBe("with metadata");
    expect(msg.gets("Peer-Address")).toBe("127.0.0.1");
    expect(msg.gets("Socket-Type")).toBe("PUSH"); // the sender's type, from the handshake
  });

  test("gets() of a property the message does not have throws a ZmqError", async () => {
    const [a, b] = pair();
    await a.send("x");
    const msg = await b.recvMsg();
    expect(() => msg.gets("No-Such-Property")).toThrow(zmq.ZmqError);
    expect(() => new zmq.Message("local").gets("Peer-Address")).toThrow(zmq.ZmqError);
  });

  test.each([
    { via: "recv()", receive: async (s: zmq.Socket) => s.recv() },
    { via: "recvMsg()", receive: async (s: zmq.Socket) => (await s.recvMsg()).data },
  ])("a 1 MiB message round-trips byte-exact over tcp via $via", async ({ receive }) => {
    const pull = t.socket(zmq.PULL);
    const push = t.socket(zmq.PUSH);
    pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.lastEndpoint);
    const payload = randomBytes(1024 * 1024);
    await push.send(payload);
    const received = await receive(pull);
    expect(received.length).toBe(payload.length);
    expect(received.equals(payload)).toBe(true);
  });
});

describe("Message's methods and accessors on something that is no Message", () => {
  const proto = zmq.Message.prototype;
  const descriptors = Object.entries(Object.getOwnPropertyDescriptors(proto)).filter(([name]) => name !== "constructor");
  test.each(descriptors.flatMap(([name, d]) => [1, true, {}, null, Buffer.from("x")].map((receiver) => [name, receiver, d] as const)))(
    "%s on %o throws a TypeError",
    (_, receiver, descriptor) => {
      const call = () => (descriptor.get ?? (descriptor.value as () => unknown)).call(receiver);
      expect(call).toThrow(TypeError);
    },
  );
  const settable = descriptors.filter(([, d]) => d.set !== undefined);
  test.each(settable)("setting %s on a non-Message throws a TypeError", (_, descriptor) => {
    for (const receiver of [1, {}, Buffer.from("x")]) {
      expect(() => descriptor.set!.call(receiver, 1)).toThrow(TypeError);
    }
  });
  test("every member is checked (6 accessors, 2 of them settable, 4 methods)", () => {
    expect(descriptors.map(([name]) => name).sort()).toEqual(
      ["close", "closed", "copy", "data", "gets", "group", "more", "routingId", "size", "toString"].sort(),
    );
    expect(settable.map(([name]) => name).sort()).toEqual(["group", "routingId"]);
  });
});

describe("a look-alike Message is refused with a TypeError, never unwrapped", () => {
  const t = useTestContext();
  // A native object of another class (the addon's own Context: another addon's would do the
  // same) given Message.prototype passes instanceof; before type tags, `.size` read its
  // memory as a zmq_msg_t.
  const lookAlikes = (): Array<[string, object]> => [
    ["a native object of another class", Object.setPrototypeOf(new native.Context(0), zmq.Message.prototype)],
    ["Object.create(Message.prototype)", Object.create(zmq.Message.prototype)],
    ["a Proxy of a Message", new Proxy(new zmq.Message("proxied"), {})],
  ];
  test.each(lookAlikes())("%s: every member throws a TypeError", (_, lookAlike) => {
    expect(lookAlike instanceof zmq.Message).toBe(true);
    const message = lookAlike as zmq.Message;
    for (const read of [
      () => message.size,
      () => message.data,
      () => message.more,
      () => message.closed,
      () => message.toString(),
      () => message.copy(),
      () => message.gets("Peer-Address"),
      () => message.close(),
      () => message.routingId,
      () => (message.group = "g"),
    ]) {
      expect(read).toThrow(TypeError);
    }
  });
  test.each(lookAlikes())("%s: sending it as a frame is a TypeError", (_, lookAlike) => {
    const push = t.socket(zmq.PUSH);
    expect(() => push.trySend(lookAlike as zmq.Message)).toThrow(TypeError);
    expect(() => push.trySend(["head", lookAlike as zmq.Message])).toThrow(TypeError);
  });
});
