import { closeSync, fstatSync, openSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { constants as osConstants } from "node:os";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixtureUnder } from "./support/fixture-process";
import { bindEndpoint, TRANSPORTS, type Transport } from "./support/transports";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A loopback port nobody listens on: Node picks one, then lets it go before we use it. */
async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return port;
}

/** A concrete endpoint (no wildcard) that nothing is bound to yet. */
async function unboundEndpoint(transport: Transport): Promise<string> {
  return transport === "tcp" ? `tcp://127.0.0.1:${await freeTcpPort()}` : bindEndpoint(transport);
}

/** The error `fn` throws, or undefined. */
function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(TRANSPORTS)("endpoints over %s", (transport) => {
  const t = useTestContext();

  test("connect before bind: messages queued early flow once the peer binds", async () => {
    const endpoint = await unboundEndpoint(transport);
    const push = t.socket(zmq.PUSH);
    // tcp and ipc retry a refused connect after RECONNECT_IVL (100 ms by default).
    push.setsockopt(zmq.RECONNECT_IVL, 10);
    push.connect(endpoint);
    // Without ZMQ_IMMEDIATE the connect has its pipe already: these are queued, not blocked.
    await push.send("sent before bind 1");
    await push.send("sent before bind 2");
    const pull = t.socket(zmq.PULL);
    pull.bind(endpoint);
    await push.send("sent after bind");
    const received: string[] = [];
    for (let i = 0; i < 3; i++) received.push((await pull.recv()).toString());
    expect(received).toEqual(["sent before bind 1", "sent before bind 2", "sent after bind"]);
  });

  test("after unbind the endpoint is free: another socket binds it and gets the new peers", async () => {
    const first = t.socket(zmq.PULL);
    first.bind(bindEndpoint(transport));
    const endpoint = first.lastEndpoint; // the resolved port for tcp
    const early = t.socket(zmq.PUSH);
    early.connect(endpoint);
    await early.send("before unbind");
    expect((await first.recv()).toString()).toBe("before unbind");

    first.unbind(endpoint);
    const second = t.socket(zmq.PULL);
    // libzmq closes a tcp listener on its I/O thread after zmq_unbind returns, and nothing
    // reports when (no socket monitor here): try again each loop turn while the port is busy.
    for (let tries = 0; ; tries++) {
      const error = thrownBy(() => second.bind(endpoint));
      if (error === undefined) break;
      expect(error).toMatchObject({ code: "EADDRINUSE" });
      expect(tries).toBeLessThan(10_000);
      await nextTurn();
    }
    const late = t.socket(zmq.PUSH);
    late.connect(endpoint);
    await late.send("after unbind");
    expect((await second.recv()).toString()).toBe("after unbind");
    // The PUSH had one peer, so its message went to the new socket and not the old one.
    expect(first.tryRecv()).toBeNull();
  });

  test("after disconnect a PUSH sends only to the peers it is still connected to", async () => {
    const a = t.socket(zmq.PULL);
    const b = t.socket(zmq.PULL);
    a.bind(bindEndpoint(transport));
    b.bind(bindEndpoint(transport));
    const push = t.socket(zmq.PUSH);
    push.connect(a.lastEndpoint);
    push.connect(b.lastEndpoint);
    // Both pipes exist from connect, and PUSH deals round-robin: one message reaches each.
    await push.send("to one");
    await push.send("to the other");
    expect([(await a.recv()).toString(), (await b.recv()).toString()].sort()).toEqual([
      "to one",
      "to the other",
    ]);

    push.disconnect(a.lastEndpoint);
    const sent = Array.from({ length: 20 }, (_, i) => `after disconnect ${i}`);
    const aGot = a.recv().then(
      (frame) => frame.toString(),
      () => null, // closed below: nothing came
    );
    const bGot = (async () => {
      const got: string[] = [];
      for (let i = 0; i < sent.length; i++) got.push((await b.recv()).toString());
      return got;
    })();
    for (const text of sent) await push.send(text);
    // Should the disconnected peer still get messages, it shows at once (and b would wait).
    const first = await Promise.race([bGot, aGot.then((text) => `a received ${text}`)]);
    expect(first).toEqual(sent);
    a.close();
    expect(await aGot).toBeNull();
  });

  test("unbind and disconnect of an endpoint never used fail with ENOENT", () => {
    const socket = t.socket(zmq.PULL);
    const endpoint = transport === "tcp" ? "tcp://127.0.0.1:1" : bindEndpoint(transport);
    for (const call of [() => socket.unbind(endpoint), () => socket.disconnect(endpoint)]) {
      const error = thrownBy(call);
      expect(error).toBeInstanceOf(zmq.ZmqError);
      expect(error).toMatchObject({ code: "ENOENT", address: endpoint });
    }
  });
});

describe("endpoints", () => {
  const t = useTestContext();

  test("one socket bound to inproc, ipc and tcp at once receives from a peer on each", async () => {
    const pull = t.socket(zmq.PULL);
    const endpoints = TRANSPORTS.map((transport) => {
      pull.bind(bindEndpoint(transport));
      return pull.lastEndpoint;
    });
    expect(endpoints.map((endpoint) => endpoint.split("://")[0])).toEqual([...TRANSPORTS]);
    const pushes = endpoints.map((endpoint) => {
      const push = t.socket(zmq.PUSH);
      push.connect(endpoint);
      return push;
    });
    await Promise.all(pushes.map((push, i) => push.send(`via ${TRANSPORTS[i]}`)));
    const received: string[] = [];
    for (let i = 0; i < pushes.length; i++) received.push((await pull.recv()).toString());
    expect(received.sort()).toEqual(["via inproc", "via ipc", "via tcp"]);
  });

  test("lastEndpoint after binding tcp://127.0.0.1:* has the real port, and it works", async () => {
    const pull = t.socket(zmq.PULL);
    pull.bind("tcp://127.0.0.1:*");
    const match = /^tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(pull.lastEndpoint);
    expect(match).not.toBeNull();
    const port = Number(match![1]);
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
    const push = t.socket(zmq.PUSH);
    push.connect(`tcp://127.0.0.1:${port}`);
    expect(push.lastEndpoint).toBe(`tcp://127.0.0.1:${port}`);
    await push.send("found you");
    expect((await pull.recv()).toString()).toBe("found you");
  });

  test("two wildcard binds get two different ports", () => {
    const a = t.socket(zmq.PULL);
    const b = t.socket(zmq.PULL);
    a.bind("tcp://127.0.0.1:*");
    b.bind("tcp://127.0.0.1:*");
    expect(a.lastEndpoint).not.toBe(b.lastEndpoint);
  });

  test("binding an address in use throws EADDRINUSE synchronously, with the address", () => {
    const holder = t.socket(zmq.PULL);
    holder.bind("tcp://127.0.0.1:*");
    const inproc = bindEndpoint("inproc");
    holder.bind(inproc);
    const other = t.socket(zmq.PULL);
    for (const endpoint of [holder.lastEndpoint, inproc]) {
      // bind is synchronous: the error is thrown, not a rejected promise.
      const error = thrownBy(() => other.bind(endpoint));
      expect(error).toBeInstanceOf(zmq.ZmqError);
      expect(error).toMatchObject({
        code: "EADDRINUSE",
        errno: osConstants.errno.EADDRINUSE,
        address: endpoint,
      });
      expect((error as Error).message).toMatch(/in use/i);
    }
    // The failed binds changed nothing: the other socket can still bind elsewhere.
    other.bind("tcp://127.0.0.1:*");
    expect(other.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  test("an unknown transport is a ZmqError naming the endpoint", () => {
    const socket = t.socket(zmq.PULL);
    const error = thrownBy(() => socket.bind("nosuch://x"));
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect(error).toMatchObject({ code: "EPROTONOSUPPORT", address: "nosuch://x" });
  });

  // libzmq takes ZMQ_USE_FD as the descriptor to listen on, unchecked, and aborts when it
  // cannot poll or accept on it: native/util/listener_guard.h refuses it first.
  test("a bind on a ZMQ_USE_FD that is no listening socket is refused, and the descriptor left alone", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    const client = connect((server.address() as { port: number }).port, "127.0.0.1");
    await new Promise((resolve) => client.once("connect", resolve));
    const peer = await accepted;
    const devNull = openSync("/dev/null", "r");
    const closed = 1_000_000; // above any descriptor this process has open
    const connectedFd = (client as unknown as { _handle: { fd: number } })._handle.fd;
    try {
      for (const [fd, code] of [[devNull, "ENOTSOCK"], [closed, "EBADF"], [connectedFd, "EINVAL"]] as const) {
        const socket = t.socket(zmq.PULL);
        socket.setsockopt(zmq.USE_FD, fd);
        const error = thrownBy(() => socket.bind("tcp://127.0.0.1:*"));
        expect(error).toBeInstanceOf(zmq.ZmqError);
        expect(error).toMatchObject({ code, address: "tcp://127.0.0.1:*" });
        socket.close();
      }
      // Neither descriptor was closed or taken by libzmq.
      expect(fstatSync(devNull).isCharacterDevice()).toBe(true);
      const data = new Promise<Buffer>((resolve) => peer.once("data", resolve));
      client.write("still mine");
      expect(String(await data)).toBe("still mine");
    } finally {
      closeSync(devNull);
      client.destroy();
      peer.destroy();
      server.close();
    }
  });

  test("out of file descriptors, tcp and ws binds fail with EMFILE, an unbind of its own works", async () => {
    const child = runFixtureUnder(["prlimit", "--nofile=256", "--"], "test/fixtures/faults/out-of-descriptors.mts");
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    expect(child.lines).toEqual([
      "bind tcp: EMFILE",
      "bind ws: EMFILE",
      "unbind tcp: EMFILE",
      "unbind its own tcp: ok",
      "bind tcp, two descriptors free: ok",
    ]);
  });
});
