// The versioned monitor (draft API): `monitor(events, { version: 2 })` gives each event its
// local and remote endpoints and all its values, 64 bits wide, and PIPES_STATS on request.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";

const t = useTestContext();

/** The next event of `monitor` named `name`. */
async function nextEvent(monitor: zmq.SocketMonitor, name: string): Promise<zmq.MonitorEvent> {
  return new Promise((resolve) => monitor.once(name, resolve));
}

test("version 2: a bind's local endpoint, a connection's both, values as bigints", async () => {
  const rep = t.socket(zmq.REP);
  const monitor = rep.monitor(zmq.EVENT_ALL, { version: 2 });
  const listening = nextEvent(monitor, "LISTENING");
  rep.bind("tcp://127.0.0.1:*");
  expect(await listening).toMatchObject({
    event: zmq.EVENT_LISTENING,
    localEndpoint: rep.lastEndpoint,
    remoteEndpoint: "",
    endpoint: rep.lastEndpoint,
  });
  const accepted = nextEvent(monitor, "ACCEPTED");
  const req = t.socket(zmq.REQ);
  req.connect(rep.lastEndpoint);
  const event = await accepted;
  expect(event.localEndpoint).toBe(rep.lastEndpoint);
  // The peer's end of the connection: the same host, a port of its own.
  expect(event.remoteEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  expect(event.remoteEndpoint).not.toBe(rep.lastEndpoint);
  expect(event.endpoint).toBe(event.remoteEndpoint);
  // ACCEPTED's one value is the connection's fd.
  expect(event.values).toHaveLength(1);
  expect(typeof event.values![0]).toBe("bigint");
  expect(event.value).toBe(Number(event.values![0]));
});

test("version 2: PIPES_STATS on request, two values: queued to the peer and from it", async () => {
  const pull = t.socket(zmq.PULL);
  const monitor = pull.monitor(BigInt(zmq.EVENT_ALL) | BigInt(zmq.EVENT_PIPES_STATS), { version: 2 });
  pull.bind("tcp://127.0.0.1:*");
  const push = t.socket(zmq.PUSH);
  push.connect(pull.lastEndpoint);
  await push.send("one");
  expect((await pull.recv()).toString()).toBe("one");
  // libzmq answers through the socket's own commands, which a pending receive has processed.
  const waiting = pull.recv();
  const stats = nextEvent(monitor, "PIPES_STATS");
  monitor.requestPipesStats();
  const event = await stats;
  await push.send("two");
  expect((await waiting).toString()).toBe("two");
  expect(event.event).toBe(zmq.EVENT_PIPES_STATS);
  expect(event.values).toHaveLength(2);
  expect(event.values!.every((value) => typeof value === "bigint")).toBe(true);
  expect(event.localEndpoint).toBe(pull.lastEndpoint);
});

test("requestPipesStats without EVENT_PIPES_STATS watched is libzmq's EINVAL", () => {
  const pull = t.socket(zmq.PULL);
  const monitor = pull.monitor(zmq.EVENT_ALL, { version: 2 });
  expect(() => monitor.requestPipesStats()).toThrow(expect.objectContaining({ code: "EINVAL" }));
});

test("a bad version is a RangeError, bad events a TypeError", () => {
  const sock = t.socket(zmq.PULL);
  expect(() => sock.monitor(zmq.EVENT_ALL, { version: 3 as 2 })).toThrow(RangeError);
  expect(() => sock.monitor("all" as unknown as number, { version: 2 })).toThrow(TypeError);
});

test("version 1 stays as it was: no local, remote or values", async () => {
  const rep = t.socket(zmq.REP);
  const monitor = rep.monitor();
  const listening = nextEvent(monitor, "LISTENING");
  rep.bind("tcp://127.0.0.1:*");
  const event = await listening;
  expect(event.endpoint).toBe(rep.lastEndpoint);
  expect(event.values).toBeUndefined();
});
