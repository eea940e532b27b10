// proxy(frontend, backend, capture): the legacy forwarder over 'message' events.
import { expect, test } from "vitest";
import * as napi from "zmq-napi";
import zmq from "zmq-napi/compat";
import { inproc, nextMessage, until, useCompatSockets } from "../support/compat";
import { within } from "../support/fixture-process";

const socket = useCompatSockets();

test("router/dealer forwards requests and replies; capture gets each reply's body", async () => {
  const [front, back, tap] = [inproc(), inproc(), inproc()];
  const frontend = socket("router").bindSync(front);
  const backend = socket("dealer").bindSync(back);
  const capture = socket("push").bindSync(tap);
  zmq.proxy(frontend, backend, capture);
  const worker = socket("rep").connect(back);
  worker.on("message", (request: Buffer) => worker.send(`${request} done`));
  const captured = socket("pull").connect(tap);
  const client = socket("req").connect(front);
  client.send("job");
  expect(await nextMessage(client)).toEqual(["job done"]);
  expect(await nextMessage(captured)).toEqual(["job done"]);
  // The proxy's sockets stay usable from JavaScript.
  expect(frontend.getsockopt("linger")).toBe(-1);
});

test("xrep/xreq is the same forwarder", async () => {
  const [front, back] = [inproc(), inproc()];
  zmq.proxy(socket("xrep").bindSync(front), socket("xreq").bindSync(back));
  const worker = socket("rep").connect(back);
  worker.on("message", (request: Buffer) => worker.send(`${request}!`));
  const client = socket("req").connect(front);
  client.send("ping");
  expect(await nextMessage(client)).toEqual(["ping!"]);
});

test("pull/push forwards every frame frontend → backend", async () => {
  const [front, back] = [inproc(), inproc()];
  zmq.proxy(socket("pull").bindSync(front), socket("push").bindSync(back), null);
  const sink = socket("pull").connect(back);
  socket("push").connect(front).send(["a", "b"]);
  expect(await nextMessage(sink)).toEqual(["a", "b"]);
});

test("push/pull forwards backend → frontend; capture gets a copy of each message", async () => {
  const [front, back, tap] = [inproc(), inproc(), inproc()];
  zmq.proxy(socket("push").bindSync(front), socket("pull").bindSync(back), socket("push").bindSync(tap));
  const captured = socket("pull").connect(tap);
  const consumer = socket("pull").connect(front);
  socket("push").connect(back).send(["c", "d"]);
  expect(await nextMessage(consumer)).toEqual(["c", "d"]);
  expect(await nextMessage(captured)).toEqual(["c", "d"]);
});

test("xpub/xsub forwards subscriptions one way and messages the other; capture sees messages", async () => {
  const [front, back, tap] = [inproc(), inproc(), inproc()];
  zmq.proxy(socket("xpub").bindSync(front), socket("xsub").bindSync(back), socket("push").bindSync(tap));
  const captured = socket("pull").connect(tap);
  const publisher = socket("pub").connect(back);
  const subscriber = socket("sub").connect(front);
  subscriber.subscribe("news");
  const received: string[] = [];
  subscriber.on("message", (...frames: Buffer[]) => received.push(frames.join(" ")));
  await until(() => {
    publisher.send(["news", "today"]);
    return received.length > 0 ? received : null;
  }, "a message through the proxy");
  expect(received[0]).toBe("news today");
  expect(await nextMessage(captured)).toEqual(["news", "today"]);
});

test("anything but compat sockets is a TypeError", () => {
  expect(() => zmq.proxy(null as never, socket("dealer"))).toThrow(
    new TypeError("proxy's frontend must be a zmq-napi/compat socket, got null"),
  );
  const native = napi.context().socket(napi.DEALER);
  try {
    expect(() => zmq.proxy(socket("router"), native as never)).toThrow(/proxy's backend must be a zmq-napi\/compat/);
  } finally {
    native.close();
  }
  expect(() => zmq.proxy(socket("pull"), socket("push"), {} as never)).toThrow(/proxy's capture/);
});

test("any other pair throws", () => {
  expect(() => zmq.proxy(socket("dealer"), socket("router"))).toThrow(new Error("wrong socket order to proxy"));
  expect(() => zmq.proxy(socket("push"), socket("push"))).toThrow("wrong socket order to proxy");
});

test("a backend with no room stops the proxy reading its frontend; nothing is lost", async () => {
  const [front, back] = [inproc(), inproc()];
  const frontend = socket("router");
  frontend.setsockopt("rcvhwm", 10);
  frontend.bindSync(front);
  const backend = socket("dealer");
  backend.setsockopt("sndhwm", 10);
  backend.bindSync(back); // no worker yet: the dealer takes nothing
  zmq.proxy(frontend, backend);
  const client = napi.context().socket(napi.DEALER);
  const worker = napi.context().socket(napi.DEALER);
  try {
    client.setsockopt(napi.SNDHWM, 10);
    client.connect(front);
    // The client sends as fast as the sockets take it, for 300 turns of the event loop. Had
    // the proxy gone on reading, its dealer would hold thousands of requests in memory
    // (about ten more each turn); it takes only the high-water marks' worth and one held.
    let sent = 0;
    for (let n = 0; n < 5000; n++) {
      client.send(["", `m${n}`]).then(
        () => sent++,
        () => {}, // still pending when the client closes
      );
    }
    for (let turn = 0; turn < 300; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(100);
    // Once a worker comes the requests flow again, the one held first, none lost or reordered.
    worker.connect(back);
    for (let n = 0; n < 200; n++) {
      const frames = await within(worker.recvMultipart(), `request ${n}`);
      expect(frames.slice(1).map(String)).toEqual(["", `m${n}`]);
    }
  } finally {
    client.close();
    worker.close();
  }
});
