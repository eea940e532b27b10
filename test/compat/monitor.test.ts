// monitor(interval, numOfEvents): the socket's events by legacy name with (value,
// endpoint, error?), numOfEvents of them per interval; unmonitor() stops them.
import { EventEmitter } from "node:events";
import { expect, test, vi } from "vitest";
import * as napi from "zmq-napi";
import { LegacyMonitor, MAX_QUEUED_EVENTS } from "../../lib/compat/monitor";
import { next, useCompatSockets } from "../support/compat";

const socket = useCompatSockets();

test("the events come by name with (value, endpoint)", async () => {
  const server = socket("rep").monitor(5, 0);
  const listening = next(server, "listen");
  server.bindSync("tcp://127.0.0.1:*");
  const endpoint = server.last_endpoint as string;
  const [fd, where] = await listening;
  expect(typeof fd).toBe("number");
  expect(where).toBe(endpoint);
  const accepted = next(server, "accept");
  const client = socket("req").monitor(5, 0);
  const connected = next(client, "connect");
  client.connect(endpoint);
  expect((await accepted)[1]).toBe(endpoint);
  expect((await connected)[1]).toBe(endpoint);
});

test("an event whose value is an errno carries an Error too", async () => {
  const taken = socket("pull").bindSync("tcp://127.0.0.1:*").last_endpoint as string;
  const sock = socket("pull").monitor(5, 0);
  const failed = next(sock, "bind_error");
  expect(() => sock.bindSync(taken)).toThrow();
  const [value, endpoint, error] = await failed;
  expect(taken).toContain(endpoint); // libzmq names it without the transport
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ code: "EADDRINUSE", errno: value });
});

test("numOfEvents events are emitted per interval (0: all that waited)", async () => {
  for (const [numOfEvents, expectedInFirstTick] of [[1, 1], [0, 2]] as const) {
    const sock = socket("pull").monitor(300, numOfEvents);
    const names: string[] = [];
    for (const name of ["listen", "accept"]) sock.on(name, () => names.push(name));
    sock.bindSync("tcp://127.0.0.1:*");
    const peer = socket("push").monitor(1, 0);
    const connected = next(peer, "connect");
    peer.connect(sock.last_endpoint as string);
    // Both events wait once the connection is there (the peer's own monitor tells); the
    // first interval then emits one, or both.
    await connected;
    await next(sock, "listen");
    await new Promise((resolve) => setImmediate(resolve));
    expect(names.length, `numOfEvents ${numOfEvents}`).toBe(expectedInFirstTick);
  }
});

test("unmonitor() stops the events", async () => {
  const sock = socket("pull").monitor(1, 0);
  const listening = next(sock, "listen");
  sock.bindSync("tcp://127.0.0.1:*");
  await listening;
  expect(sock.unmonitor()).toBe(sock);
  let accepted = false;
  sock.on("accept", () => (accepted = true));
  const peer = socket("push").monitor(1, 0);
  const connected = next(peer, "connect");
  peer.connect(sock.last_endpoint as string);
  await connected;
  await new Promise((resolve) => setTimeout(resolve, 20)); // two monitor intervals
  expect(accepted).toBe(false);
});

test("events the timer has not emitted yet are bounded: past 1000, new ones are dropped", () => {
  // A peer that connects and disconnects faster than numOfEvents per interval: here a
  // stand-in for the socket's monitor, and the interval's timer driven by hand.
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const source = Object.assign(new EventEmitter(), { close: () => {} });
  const emitted: unknown[][] = [];
  const legacy = new LegacyMonitor({ monitor: () => source as never }, 10, 0, (...args) => emitted.push(args));
  try {
    for (let n = 0; n < 5000; n++) {
      source.emit("event", { event: napi.EVENT_ACCEPTED, value: n, endpoint: "tcp://127.0.0.1:1" });
    }
    vi.advanceTimersByTime(10);
    expect(emitted).toHaveLength(MAX_QUEUED_EVENTS);
    expect(emitted[0]).toEqual(["accept", 0, "tcp://127.0.0.1:1"]);
    expect(emitted.at(-1)?.[1]).toBe(MAX_QUEUED_EVENTS - 1);
  } finally {
    legacy.stop();
    vi.useRealTimers();
  }
});
