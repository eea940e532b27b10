// Hostile input. Every public function called with random values of every type gives only
// TypeError, RangeError or ZmqError (in a child process: a crash fails the test, not the
// runner). Random bytes written by a raw TCP client to every bindable socket type leave the
// server serving its real peers.
import fc from "fast-check";
import { connect } from "node:net";
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixture, within } from "./support/fixture-process";
import { connectZmtp, subscription } from "./support/zmtp-client";

const t = useTestContext();

test("every public function, constructor, method and accessor, with random values: only TypeError, RangeError or ZmqError", async () => {
  const fuzz = runFixture("test/fixtures/hostile/fuzz-api.mts", ["150"]);
  const status = await fuzz.exit(120_000);
  expect({ status, last: fuzz.lines.at(-1) }, `the fuzzer's stderr:\n${fuzz.stderr()}`).toMatchObject({
    status: { code: 0, signal: null },
    last: expect.stringMatching(/^ok \d+ calls over \d+ targets$/),
  });
}, 130_000);

// ZMTP 3.0's greeting for the NULL mechanism: random bytes after it reach the framing and
// command parsers, past the greeting check that stops most random input.
const GREETING = Buffer.concat([
  Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 0]),
  Buffer.from("NULL".padEnd(20, "\0")),
  Buffer.alloc(32),
]);
const garbage = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.concat([GREETING, bytes])),
  // A READY command with random properties.
  fc.uint8Array({ maxLength: 200 }).map((bytes) =>
    Buffer.concat([GREETING, Buffer.from([0x04, bytes.length + 6, 5]), Buffer.from("READY"), bytes]),
  ),
);

/** Writes `bytes` from a raw TCP client and waits until the server has dropped it. */
async function hurl(endpoint: string, bytes: Buffer, dropped: Promise<unknown>): Promise<void> {
  const { port } = new URL(endpoint.replace(/^tcp:/, "http:"));
  const client = connect(Number(port), "127.0.0.1");
  client.on("error", () => undefined); // a reset from the server is one way to be dropped
  client.write(bytes);
  client.end(); // input that is only a prefix of something valid waits no longer
  await within(dropped, "the server to drop the raw client");
  client.destroy();
}

type Exchange = (server: zmq.Socket, endpoint: string) => Promise<void>;

/**
 * Sends "news" from `sender` until `receiver` has it: PUB-like sockets drop what they send
 * before a subscription arrives. Paced, one a millisecond, so a slow machine is not flooded.
 */
async function untilReceived(sender: zmq.Socket, receiver: zmq.Socket): Promise<void> {
  const received = within(receiver.recv(), "the real peer's message");
  let arrived = false;
  void received.then(
    () => (arrived = true),
    () => (arrived = true),
  );
  while (!arrived) {
    await sender.send("news");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect((await received).toString()).toBe("news");
}

/** A real peer of `peerType` connects and sends "ping"; the server answers if it can. */
const peerAsks =
  (peerType: number, answer: "none" | "plain" | "routed"): Exchange =>
  async (server, endpoint) => {
    const peer = t.socket(peerType);
    peer.connect(endpoint);
    await peer.send("ping");
    const got = await within(server.recvMultipart(), "the real peer's message");
    expect(got.at(-1)!.toString()).toBe("ping");
    if (answer === "none") return;
    await server.send(answer === "routed" ? [got[0], "pong"] : "pong");
    expect((await within(peer.recv(), "the server's answer")).toString()).toBe("pong");
  };

/** A real peer of `peerType` connects and gets what the server sends. */
const peerListens =
  (peerType: number, subscribe = false): Exchange =>
  async (server, endpoint) => {
    const peer = t.socket(peerType);
    if (subscribe) peer.setsockopt(zmq.SUBSCRIBE, "");
    peer.connect(endpoint);
    await untilReceived(server, peer);
  };

/** A PUB peer connects and publishes to the subscribing server. */
const publisherFeeds =
  (subscribe: (server: zmq.Socket) => Promise<void>): Exchange =>
  async (server, endpoint) => {
    await subscribe(server);
    const pub = t.socket(zmq.PUB);
    pub.connect(endpoint);
    await untilReceived(pub, server);
  };

const EXCHANGES: [string, number, Exchange][] = [
  ["PAIR", zmq.PAIR, peerAsks(zmq.PAIR, "plain")],
  ["REP", zmq.REP, peerAsks(zmq.REQ, "plain")],
  ["ROUTER", zmq.ROUTER, peerAsks(zmq.DEALER, "routed")],
  ["DEALER", zmq.DEALER, peerAsks(zmq.DEALER, "plain")],
  ["PULL", zmq.PULL, peerAsks(zmq.PUSH, "none")],
  ["XSUB", zmq.XSUB, publisherFeeds((server) => server.send(Buffer.from([1])))],
  ["SUB", zmq.SUB, publisherFeeds(async (server) => server.setsockopt(zmq.SUBSCRIBE, ""))],
  ["PUSH", zmq.PUSH, peerListens(zmq.PULL)],
  ["PUB", zmq.PUB, peerListens(zmq.SUB, true)],
  ["XPUB", zmq.XPUB, peerListens(zmq.SUB, true)],
  [
    "REQ",
    zmq.REQ,
    async (server, endpoint) => {
      const rep = t.socket(zmq.REP);
      rep.connect(endpoint);
      await server.send("ping");
      expect((await within(rep.recv(), "the request")).toString()).toBe("ping");
      await rep.send("pong");
      expect((await within(server.recv(), "the reply")).toString()).toBe("pong");
    },
  ],
  [
    "STREAM",
    zmq.STREAM,
    async (server, endpoint) => {
      // A STREAM socket's real peers are raw TCP clients themselves.
      const { port } = new URL(endpoint.replace(/^tcp:/, "http:"));
      const client = connect(Number(port), "127.0.0.1");
      const reply = new Promise<string>((resolve) => client.once("data", (data) => resolve(data.toString())));
      client.write("ping");
      let frames: Buffer[];
      do frames = await within(server.recvMultipart(), "the raw client's bytes");
      while (frames[1].length === 0); // the connect notification
      expect(frames[1].toString()).toBe("ping");
      await server.send([frames[0], "pong"]);
      expect(await within(reply, "the STREAM server's answer")).toBe("pong");
      client.destroy();
    },
  ],
];

// The types a receive never puts in a state that refuses the next one.
const DRAINED = new Set<number>([zmq.PAIR, zmq.PULL, zmq.SUB, zmq.XSUB, zmq.DEALER, zmq.ROUTER, zmq.STREAM]);

test("the exchanges cover every bindable socket type of this libzmq (draft types aside)", () => {
  const names = EXCHANGES.map(([name]) => name).sort();
  expect(names).toEqual(["DEALER", "PAIR", "PUB", "PULL", "PUSH", "REP", "REQ", "ROUTER", "STREAM", "SUB", "XPUB", "XSUB"]);
});

test.each(EXCHANGES)("random bytes from raw TCP clients leave a %s server serving its real peer", async (_, type, exchange) => {
  const server = t.socket(type);
  server.bind("tcp://127.0.0.1:*");
  const endpoint = server.lastEndpoint;
  const monitor = server.monitor(zmq.EVENT_DISCONNECTED);
  let drops = 0;
  const waiters: (() => void)[] = [];
  monitor.on("DISCONNECTED", () => {
    drops++;
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves once the server has dropped `count` connections in all. */
  const droppedTo = (count: number) =>
    new Promise<void>((resolve) => (drops >= count ? resolve() : waiters.push(() => drops >= count && resolve())));

  let hurled = 0;
  await fc.assert(
    fc.asyncProperty(garbage, async (bytes) => {
      hurled++;
      await hurl(endpoint, bytes, droppedTo(hurled));
      // libzmq takes a client whose first byte is not 0xff for a ZMTP/1.0 peer and delivers
      // its bytes as messages (a STREAM server: all of them). A serving server reads them;
      // this one does so here, and that ends the dead peer's pipe too (a PAIR refuses a new
      // peer while the old pipe lasts, and its delimiter is only seen by a read).
      if (DRAINED.has(type)) while (server.tryRecv() !== null);
    }),
    { numRuns: 15 },
  );
  await exchange(server, endpoint);
});

test.each([
  ["PUB", zmq.PUB],
  ["XPUB", zmq.XPUB],
])("a raw ZMTP peer's subscriptions over MAX_SUBSCRIPTION_BYTES leave a %s serving its real peer", async (_, type) => {
  const server = t.socket(type);
  server.bind("tcp://127.0.0.1:*");
  const endpoint = server.lastEndpoint;
  for (const length of [zmq.MAX_SUBSCRIPTION_BYTES + 1, 256 * 1024, 1024 * 1024]) {
    const peer = await connectZmtp(endpoint, "SUB");
    peer.write(subscription(Buffer.alloc(length, "a")));
    await within(peer.closed, `the server to drop a ${length}-byte subscription`); // over MAXMSGSIZE
  }
  await peerListens(zmq.SUB, true)(server, endpoint);
});

// The other side of that bound: an XPUB's own multi-trie is walked without recursion
// (lib/subscription-bound.ts), so one whose owner lifts the bound takes a subscription far
// longer than any recursive walk survives, and the cancellation libzmq makes when its peer
// leaves, and closes; on either build (Debian's libzmq, and the built-in one whose SUB keeps a
// radix tree). 1 MiB: a walk of 48 bytes of stack a byte on libzmq's I/O thread (2 MiB where
// RLIMIT_STACK is unlimited) would crash from about 43,000 bytes. (16 MiB holds as well, in
// 5 s: the trie has a node per byte, a cost ASan multiplies a hundredfold.)
test("an XPUB that allows large peer messages takes a 1 MiB subscription and closes", async () => {
  const xpub = t.socket(zmq.XPUB);
  xpub.allowLargePeerMessages(2 * 1024 * 1024);
  xpub.bind("tcp://127.0.0.1:*");
  const topic = Buffer.alloc(1024 * 1024, "t");
  const peer = await connectZmtp(xpub.lastEndpoint, "SUB");
  peer.write(subscription(topic));
  const subscribed = await within(xpub.recv(), "the XPUB to hand on the subscription", 15_000);
  expect(subscribed[0]).toBe(1);
  expect(subscribed.subarray(1).equals(topic)).toBe(true);
  peer.end();
  const cancelled = await within(xpub.recv(), "the XPUB to cancel it once its peer left", 15_000);
  expect(cancelled[0]).toBe(0);
  expect(cancelled.length).toBe(topic.length + 1);
  xpub.close();
});

// A frame longer than a Node Buffer can be (buffer.constants.MAX_LENGTH + 1) from a peer of
// a PULL that set no MAXMSGSIZE: its Buffer (recv's, or the data of recvMsg's Message) fails
// with the error Node's C++ gives for that (an Error, code ERR_BUFFER_TOO_LARGE), and the
// next frame comes whole. (Both once freed such a frame twice: Node frees what it was given
// when it cannot make the Buffer, native/frames.cc and native/message.cc.) 4 GiB through
// loopback: ~6 s each.
test.each(["recv", "recvMsg"])("a frame longer than a Buffer can be is refused by %s, and the next one arrives", async (receive) => {
  const fixture = runFixture("test/fixtures/hostile/oversized-frame.mts", [receive]);
  const line = await fixture.line(/^\{/, 60_000);
  expect(JSON.parse(line)).toEqual({ first: { error: "Error", code: "ERR_BUFFER_TOO_LARGE" }, second: "after" });
  expect(await fixture.exit(10_000)).toEqual({ code: 0, signal: null });
}, 90_000);
