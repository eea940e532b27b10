// The legacy module's surface: version, socket/createSocket, the maps, the constants,
// curveKeypair, Context's statics, the default context, and one object for CJS and ESM.
import { expect, expectTypeOf, test } from "vitest";
import * as napi from "zmq-napi";
import zmq, { socket as namedSocket, ZMQ_CAN_MONITOR, ZMQ_SNDMORE, ZMQ_XREQ } from "zmq-napi/compat";
import { inproc, nextMessage, useCompatSockets } from "../support/compat";
import { runFixture } from "../support/fixture-process";

const socket = useCompatSockets();

test("version is libzmq's version as a string", () => {
  expect(zmq.version).toBe(napi.version().join("."));
  expect(zmq.version).toMatch(/^\d+\.\d+\.\d+$/);
});

test("socket and createSocket are one function, taking a type by name only", () => {
  expect(zmq.createSocket).toBe(zmq.socket);
  const sock = socket("dealer");
  expect(sock).toBeInstanceOf(zmq.Socket);
  expect(sock.type).toBe("dealer");
  expect(sock.getsockopt(zmq.ZMQ_TYPE)).toBe(napi.DEALER);
  expect(() => zmq.socket(napi.PUSH as never)).toThrow(TypeError);
  expect(() => zmq.socket("nope" as never)).toThrow(TypeError);
  expect(() => zmq.socket("toString" as never)).toThrow(TypeError);
});

test("types names every socket type, the old xreq/xrep too", () => {
  expect(zmq.types).toEqual({
    pub: napi.PUB, xpub: napi.XPUB, sub: napi.SUB, xsub: napi.XSUB, req: napi.REQ,
    xreq: napi.DEALER, rep: napi.REP, xrep: napi.ROUTER, push: napi.PUSH, pull: napi.PULL,
    dealer: napi.DEALER, router: napi.ROUTER, pair: napi.PAIR, stream: napi.STREAM,
  });
  expect(socket("xrep").getsockopt(zmq.ZMQ_TYPE)).toBe(napi.ROUTER);
});

test("events names monitor events as the legacy module did, and libzmq's newer ones", () => {
  expect(zmq.events[napi.EVENT_CONNECTED]).toBe("connect");
  expect(zmq.events[napi.EVENT_LISTENING]).toBe("listen");
  expect(zmq.events[napi.EVENT_ACCEPT_FAILED]).toBe("accept_error");
  expect(zmq.events[napi.EVENT_DISCONNECTED]).toBe("disconnect");
  expect(zmq.events[napi.EVENT_HANDSHAKE_SUCCEEDED]).toBe("handshake_succeeded");
});

test("the ZMQ_* constants, the legacy ones included", () => {
  expect(zmq.ZMQ_PUB).toBe(napi.PUB);
  expect(zmq.ZMQ_SNDMORE).toBe(napi.SNDMORE);
  expect(zmq.ZMQ_XREQ).toBe(napi.DEALER);
  expect(zmq.ZMQ_XREP).toBe(napi.ROUTER);
  expect(zmq.ZMQ_IDENTITY).toBe(napi.ROUTING_ID);
  expect([zmq.ZMQ_POLLIN, zmq.ZMQ_POLLOUT, zmq.ZMQ_POLLERR]).toEqual([napi.POLLIN, napi.POLLOUT, napi.POLLERR]);
  expect([zmq.ZMQ_HWM, zmq.ZMQ_SWAP]).toEqual([napi.HWM, napi.SWAP]);
  for (const name of ["ZMQ_CAN_MONITOR", "ZMQ_CAN_DISCONNECT", "ZMQ_CAN_UNBIND", "ZMQ_CAN_SET_CTX"] as const) {
    expect(zmq[name]).toBe(1);
  }
  expect([zmq.STATE_READY, zmq.STATE_BUSY, zmq.STATE_CLOSED]).toEqual([0, 1, 2]);
});

test("TypeScript: named imports of the constants, and typed 'message' listeners", () => {
  // Each ZMQ_* constant is a named member (an `import { ZMQ_SNDMORE }` type-checks), not
  // only an index signature that also lets typos through.
  expect([ZMQ_SNDMORE, ZMQ_XREQ, ZMQ_CAN_MONITOR]).toEqual([napi.SNDMORE, napi.DEALER, 1]);
  expect(namedSocket).toBe(zmq.socket);
  // @ts-expect-error: no such constant
  expect(zmq.ZMQ_NO_SUCH_CONSTANT).toBeUndefined();
  const sock = socket("pull");
  sock.on("message", (first, second) => {
    expectTypeOf(first).toEqualTypeOf<Buffer>();
    expectTypeOf(second).toEqualTypeOf<Buffer>();
  });
  sock.once("message", (...frames) => expectTypeOf(frames).toEqualTypeOf<Buffer[]>());
  expectTypeOf(sock.read()).toEqualTypeOf<Buffer[] | null>();
  // The types by the module's name: `zmq.Socket`, `zmq.SocketType`.
  expectTypeOf(sock).toEqualTypeOf<zmq.Socket>();
  expectTypeOf<"xrep">().toMatchTypeOf<zmq.SocketType>();
  expectTypeOf<zmq.SendCallback>().parameter(0).toEqualTypeOf<Error | undefined>();
});

test("curveKeypair gives a Z85 { public, secret } pair that belong together", () => {
  const pair = zmq.curveKeypair();
  expect(Object.keys(pair).sort()).toEqual(["public", "secret"]);
  expect(pair.public).toHaveLength(40);
  expect(napi.curvePublic(pair.secret)).toBe(pair.public);
});

test("Context's statics set and read the default context", () => {
  const before = zmq.Context.getMaxSockets();
  try {
    zmq.Context.setMaxSockets(before - 1);
    expect(napi.context().get(napi.MAX_SOCKETS)).toBe(before - 1);
    expect(zmq.Context.getMaxSockets()).toBe(before - 1);
  } finally {
    zmq.Context.setMaxSockets(before);
  }
  expect(zmq.Context.getMaxThreads()).toBe(napi.context().get(napi.IO_THREADS));
  expect(() => new zmq.Context()).toThrow(/default context/);
});

test("compat sockets live on the default context: inproc joins them to native sockets", async () => {
  const endpoint = inproc();
  const pull = socket("pull").bindSync(endpoint);
  const push = napi.context().socket(napi.PUSH);
  try {
    push.connect(endpoint);
    await push.send(["from", "native"]);
    expect(await nextMessage(pull)).toEqual(["from", "native"]);
  } finally {
    push.close();
  }
});

test("require and import give one object; ZMQ_IO_THREADS set before first use is applied", async () => {
  const child = runFixture("test/fixtures/compat/module-entries.mts");
  expect(await child.line(/^same /)).toBe("same true true");
  expect(await child.line(/^io threads /)).toBe("io threads 3");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});
