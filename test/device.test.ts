import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { runFixture, within } from "./support/fixture-process";
import { bindEndpoint, TRANSPORTS, type Transport } from "./support/transports";

// Sockets lent to a device cannot be closed until the device ends, and a device ends when
// its context is terminated, closing its sockets: so after each test, term first, wait for
// the devices, then close the other sockets, which lets the term finish. (useTestContext
// closes first, which would fail with EBUSY here.) test/proxy-lifecycle.test.ts has the
// other ways a device ends.
function useDeviceContext() {
  let context: zmq.Context | undefined;
  let sockets: zmq.Socket[] = [];
  let devices: Promise<void>[] = [];
  afterEach(async () => {
    if (context === undefined) return;
    const terming = context.term();
    await within(Promise.allSettled(devices), "devices to end on term");
    for (const socket of sockets) socket.close();
    await within(terming, "context term");
    context = undefined;
    sockets = [];
    devices = [];
  });
  return {
    get context() {
      context ??= new zmq.Context();
      return context;
    },
    socket(type: number): zmq.Socket {
      const socket = this.context.socket(type);
      sockets.push(socket);
      return socket;
    },
    /** Binds a new socket of `type` and returns it with its endpoint (read before lending it). */
    bound(type: number, transport: Transport): [zmq.Socket, string] {
      const socket = this.socket(type);
      socket.bind(bindEndpoint(transport));
      return [socket, socket.lastEndpoint];
    },
    connected(type: number, endpoint: string): zmq.Socket {
      const socket = this.socket(type);
      socket.connect(endpoint);
      return socket;
    },
    /** Keeps hold of a running device so that cleanup can wait for it. */
    run(device: Promise<void>): Promise<void> {
      devices.push(device);
      return device;
    },
  };
}

/** STATISTICS from a proxy's control socket: 8 little-endian uint64 frames, as numbers. */
async function statistics(controller: zmq.Socket): Promise<number[]> {
  await controller.send("STATISTICS");
  const frames = await controller.recvMultipart();
  expect(frames.map((frame) => frame.length)).toEqual(Array(8).fill(8));
  return frames.map((frame) => Number(frame.readBigUInt64LE(0)));
}

describe.each(TRANSPORTS)("devices over %s", (transport) => {
  const d = useDeviceContext();

  test("QUEUE between ROUTER and DEALER carries requests from REQ clients to REP workers and back", async () => {
    const [frontend, clientsAt] = d.bound(zmq.ROUTER, transport);
    const [backend, workersAt] = d.bound(zmq.DEALER, transport);
    d.run(zmq.device(zmq.QUEUE, frontend, backend));

    // Each worker answers with its name, so the reply shows it went through a worker.
    for (const name of ["w1", "w2"]) {
      const rep = d.connected(zmq.REP, workersAt);
      void (async () => {
        for await (const [request] of rep) await rep.send(`${name}:${request}`);
      })();
    }
    const replies = await within(
      Promise.all(
        [0, 1, 2, 3].map(async (i) => {
          const req = d.connected(zmq.REQ, clientsAt);
          await req.send(`request ${i}`);
          return (await req.recv()).toString();
        }),
      ),
      "replies through the QUEUE device",
    );
    replies.forEach((reply, i) => expect(reply).toMatch(new RegExp(`^w[12]:request ${i}$`)));
  });

  test("FORWARDER between XSUB and XPUB forwards subscriptions up and publications down", async () => {
    const [frontend, publishersAt] = d.bound(zmq.XSUB, transport);
    const [backend, subscribersAt] = d.bound(zmq.XPUB, transport);
    d.run(zmq.device(zmq.FORWARDER, frontend, backend));

    // The publisher is an XPUB so that it sees the subscription arrive through the device:
    // after that, nothing it publishes can be lost to a slow joiner.
    const publisher = d.connected(zmq.XPUB, publishersAt);
    const subscriber = d.connected(zmq.SUB, subscribersAt);
    subscriber.setsockopt(zmq.SUBSCRIBE, "news");
    expect((await publisher.recv()).toString()).toBe("\x01news");

    for (const update of ["news 1", "sport 1", "news 2"]) await publisher.send(update);
    expect((await subscriber.recv()).toString()).toBe("news 1");
    expect((await subscriber.recv()).toString()).toBe("news 2"); // "sport 1" was filtered
  });

  test("STREAMER between PULL and PUSH streams messages in order", async () => {
    const [frontend, producersAt] = d.bound(zmq.PULL, transport);
    const [backend, consumersAt] = d.bound(zmq.PUSH, transport);
    d.run(zmq.device(zmq.STREAMER, frontend, backend));

    const producer = d.connected(zmq.PUSH, producersAt);
    const consumer = d.connected(zmq.PULL, consumersAt);
    const sent = Array.from({ length: 20 }, (_, i) => `task ${i}`);
    for (const task of sent) await producer.send(task);
    const received: string[] = [];
    for (const _ of sent) received.push((await consumer.recv()).toString());
    expect(received).toEqual(sent);
  });

  test("a proxy with a capture socket copies every message, multipart included, to it", async () => {
    const [frontend, producersAt] = d.bound(zmq.PULL, transport);
    const [backend, consumersAt] = d.bound(zmq.PUSH, transport);
    const [capture, captureAt] = d.bound(zmq.PUSH, transport);
    const tap = d.connected(zmq.PULL, captureAt);
    d.run(zmq.proxy(frontend, backend, capture));

    const producer = d.connected(zmq.PUSH, producersAt);
    const consumer = d.connected(zmq.PULL, consumersAt);
    const sent = [["one"], ["two", "parts"], ["three"]];
    for (const message of sent) await producer.send(message);
    for (const message of sent) {
      expect((await consumer.recvMultipart()).map(String)).toEqual(message);
      expect((await tap.recvMultipart()).map(String)).toEqual(message);
    }
  });
});

describe("a running device owns its sockets", () => {
  const d = useDeviceContext();

  const uses: Array<[string, (socket: zmq.Socket) => unknown]> = [
    ["send", (socket) => socket.send("x")],
    ["recv", (socket) => socket.recv()],
    ["setsockopt", (socket) => socket.setsockopt(zmq.LINGER, 0)],
    ["getsockopt", (socket) => socket.getsockopt(zmq.TYPE)],
    ["close", (socket) => socket.close()],
  ];

  test.each(uses)("%s from JS fails with EBUSY, and works again once the device ends", async (_, use) => {
    const [frontend] = d.bound(zmq.ROUTER, "inproc");
    const [backend] = d.bound(zmq.DEALER, "inproc");
    const [control, controlAt] = d.bound(zmq.PAIR, "inproc");
    const device = d.run(zmq.proxySteerable(frontend, backend, null, control));

    // Synchronous misuse throws, asynchronous misuse rejects: either way, EBUSY.
    const outcome = (async () => use(frontend))();
    await expect(outcome).rejects.toMatchObject({ name: "ZmqError", code: "EBUSY" });
    expect(frontend.closed).toBe(false);

    await d.connected(zmq.PAIR, controlAt).send("TERMINATE");
    await within(device, "proxy to end on TERMINATE");
    expect(frontend.getsockopt(zmq.TYPE)).toBe(zmq.ROUTER);
  });

  test("a socket with operations pending cannot be lent to a device", () => {
    const [frontend] = d.bound(zmq.PULL, "inproc");
    const [backend] = d.bound(zmq.PUSH, "inproc");
    const pending = frontend.recv();
    pending.catch(() => {}); // it ends with ETERM at cleanup
    expect(() => zmq.device(zmq.STREAMER, frontend, backend)).toThrow(expect.objectContaining({ code: "EBUSY" }));
  });
});

describe("proxySteerable", () => {
  const d = useDeviceContext();

  test("PAUSE stops forwarding: a message sent while paused arrives only after RESUME", async () => {
    const [frontend, producersAt] = d.bound(zmq.PULL, "inproc");
    const [backend, consumersAt] = d.bound(zmq.PUSH, "inproc");
    const [control, controlAt] = d.bound(zmq.PAIR, "inproc");
    const device = d.run(zmq.proxySteerable(frontend, backend, null, control));
    const producer = d.connected(zmq.PUSH, producersAt);
    const consumer = d.connected(zmq.PULL, consumersAt);
    const controller = d.connected(zmq.PAIR, controlAt);

    await producer.send("before");
    expect((await consumer.recv()).toString()).toBe("before");

    // PAUSE has no reply; the proxy reads its control socket in order, so the answer to the
    // STATISTICS sent after it proves the PAUSE was acted on.
    await controller.send("PAUSE");
    const atPause = await statistics(controller);
    expect(atPause[0]).toBe(1); // frontend: one message received so far

    await producer.send("while paused"); // inproc: in the frontend's queue from now on
    let arrived = false;
    const receiving = consumer.recv().then((frame) => ((arrived = true), frame.toString()));
    // Two more control round trips: an active proxy would have forwarded the waiting
    // message by the second answer (it handles control first, then forwards, each turn).
    await statistics(controller);
    const paused = await statistics(controller);
    expect(arrived).toBe(false);
    expect(paused).toEqual(atPause);

    await controller.send("RESUME");
    expect(await within(receiving, "the message held while paused")).toBe("while paused");
    const resumed = await statistics(controller);
    const bytes = "before".length + "while paused".length;
    // (frontend recv n, bytes; frontend send n, bytes; backend recv n, bytes; backend send n, bytes)
    expect(resumed).toEqual([2, bytes, 0, 0, 0, 0, 2, bytes]);

    await controller.send("TERMINATE");
    await expect(within(device, "proxy to end on TERMINATE")).resolves.toBeUndefined();
  });

  test("STATISTICS on a REP control socket replies 8 uint64 frames; TERMINATE settles the promise", async () => {
    const [frontend, producersAt] = d.bound(zmq.PULL, "tcp");
    const [backend, consumersAt] = d.bound(zmq.PUSH, "tcp");
    const [control, controlAt] = d.bound(zmq.REP, "tcp");
    const device = d.run(zmq.proxySteerable(frontend, backend, null, control));
    const producer = d.connected(zmq.PUSH, producersAt);
    const consumer = d.connected(zmq.PULL, consumersAt);
    const controller = d.connected(zmq.REQ, controlAt);

    expect(await statistics(controller)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const sizes = [1, 22, 333];
    for (const size of sizes) await producer.send(Buffer.alloc(size));
    for (const size of sizes) expect((await consumer.recv()).length).toBe(size);
    const total = sizes.reduce((a, b) => a + b);
    expect(await statistics(controller)).toEqual([3, total, 0, 0, 0, 0, 3, total]);

    await controller.send("TERMINATE");
    await expect(within(device, "proxy to end on TERMINATE")).resolves.toBeUndefined();
  });
});

test("a device keeps the process alive until told to TERMINATE", async () => {
  const child = runFixture("test/fixtures/device/steerable-only.mts");
  const endpoint = (await child.line(/^control /)).slice("control ".length);
  const ctx = new zmq.Context();
  const controller = ctx.socket(zmq.REQ);
  try {
    controller.connect(endpoint);
    // The child's script has nothing left to run but the device: an answer now means the
    // device alone kept it alive.
    expect(await within(statistics(controller), "STATISTICS from the child")).toHaveLength(8);
    expect(child.running()).toBe(true);

    await controller.send("TERMINATE");
    await child.line(/^terminated$/);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([`control ${endpoint}`, "proxy ended", "terminated"]);
  } finally {
    controller.setsockopt(zmq.LINGER, 0);
    controller.close();
    await ctx.term();
  }
});
