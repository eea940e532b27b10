// proxy(frontend, backend, capture): the legacy forwarder over 'message' events.
import { expect, test } from "vitest";
import zmq from "zmq-napi/compat";
import { inproc, nextMessage, until, useCompatSockets } from "../support/compat";

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

test("pull/push forwards every frame; capture gets what goes backend → frontend", async () => {
  const [front, back, tap] = [inproc(), inproc(), inproc()];
  const frontend = socket("pull").bindSync(front);
  const backend = socket("push").bindSync(back);
  zmq.proxy(frontend, backend, socket("push").bindSync(tap));
  const sink = socket("pull").connect(back);
  socket("push").connect(front).send(["a", "b"]);
  expect(await nextMessage(sink)).toEqual(["a", "b"]);
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

test("any other pair throws", () => {
  expect(() => zmq.proxy(socket("dealer"), socket("router"))).toThrow(new Error("wrong socket order to proxy"));
  expect(() => zmq.proxy(socket("push"), socket("push"))).toThrow("wrong socket order to proxy");
});
