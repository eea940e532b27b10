// zmq.has(): for every capability this machine can check, has() says true exactly where the
// thing works. Multicast (pgm, epgm, norm) is checked for real in multicast.test.ts, inside a
// private network namespace; here only where has() says false, as that sends nothing.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { native } from "../lib/native";
import { useTestContext } from "./support/context";
import { bindEndpoint } from "./support/transports";

const t = useTestContext();

// Every name of zmq.Capability, once: tsc fails on a missing or unknown one.
const ALL: Record<zmq.Capability, true> = {
  inproc: true,
  ipc: true,
  tcp: true,
  ws: true,
  wss: true,
  udp: true,
  pgm: true,
  epgm: true,
  norm: true,
  tipc: true,
  vmci: true,
  curve: true,
  gssapi: true,
  draft: true,
};

// libzmq's type numbers for DISH (zmq_draft.h), which every 4.3.4 build can create.
const DISH = 15;

/** Whether a bind works; a failure must be a ZmqError, and "not built in" must say so. */
function binds(type: number, endpoint: string): boolean {
  const socket = t.socket(type);
  try {
    socket.bind(endpoint);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(zmq.ZmqError);
    return false;
  }
}

// The transports whose bind sends nothing (multicast's does), and an endpoint of each.
const BIND_CHECKS: [zmq.Capability, () => string][] = [
  ["inproc", () => bindEndpoint("inproc")],
  ["ipc", () => bindEndpoint("ipc")],
  ["tcp", () => "tcp://127.0.0.1:*"],
  ["ws", () => "ws://127.0.0.1:*"],
  // A wss bind needs no certificate: the listener asks for one at each handshake.
  ["wss", () => "wss://127.0.0.1:*"],
  ["tipc", () => "tipc://<*>"],
  ["vmci", () => "vmci://*:*"],
];

describe("has() tells what works", () => {
  test("its table and the Capability type name the same capabilities", () => {
    expect(native.capabilityNames().sort()).toEqual(Object.keys(ALL).sort());
  });

  test.each(BIND_CHECKS)("%s: a bind works iff has() says so", (name, endpoint) => {
    expect(binds(zmq.PAIR, endpoint())).toBe(zmq.has(name));
  });

  test("ws: the WebSocket transport, which libzmq 4.3.4's own zmq_has denies by this name", () => {
    // Both builds zmq-napi is tested on (Debian's and the built-in libzmq) carry ws://.
    expect(zmq.has("ws")).toBe(true);
    // libzmq's own spelling, passed through as any name outside the table is.
    expect(zmq.has("WS")).toBe(true);
  });

  test("a transport has() denies is refused with EPROTONOSUPPORT, at once", () => {
    const endpoints: Record<string, string> = {
      pgm: "pgm://127.0.0.1;239.192.1.1:5555",
      epgm: "epgm://127.0.0.1;239.192.1.1:5555",
      norm: "norm://127.0.0.1;239.192.1.1:5555",
      wss: "wss://127.0.0.1:*",
      vmci: "vmci://*:*",
    };
    for (const [name, endpoint] of Object.entries(endpoints)) {
      if (zmq.has(name)) continue;
      // A pgm:// libzmq has, but a process without raw sockets cannot use (native/util/multicast_guard.h).
      const code = name === "pgm" && zmq.has("epgm") ? "EPERM" : "EPROTONOSUPPORT";
      const socket = t.socket(zmq.PUB);
      expect(() => socket.bind(endpoint), name).toThrow(expect.objectContaining({ code }));
    }
  });

  test("tipc: has() asks the kernel as well as libzmq", () => {
    const socket = t.socket(zmq.PAIR);
    if (zmq.has("tipc")) {
      expect(() => socket.bind("tipc://<*>")).not.toThrow();
    } else {
      // EAFNOSUPPORT: libzmq has tipc, the kernel has not; EPROTONOSUPPORT: libzmq has not.
      expect(() => socket.bind("tipc://<*>")).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^(EAFNOSUPPORT|EPROTONOSUPPORT)$/) }),
      );
    }
  });

  test("udp: only with the draft API, whose RADIO/DISH sockets are all that take it", () => {
    expect(zmq.has("udp")).toBe(zmq.has("draft"));
    if (zmq.has("udp")) expect(binds(DISH, "udp://127.0.0.1:*")).toBe(true);
  });

  test("curve: a CURVE server can be set up iff has() says so", () => {
    const socket = t.socket(zmq.REP);
    const setUp = () => socket.setsockopt(zmq.CURVE_SERVER, true);
    if (zmq.has("curve")) expect(setUp).not.toThrow();
    else expect(setUp).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  test("gssapi: a GSSAPI server can be set up iff has() says so", () => {
    const socket = t.socket(zmq.REP);
    const setUp = () => socket.setsockopt(zmq.GSSAPI_SERVER, true);
    if (zmq.has("gssapi")) expect(setUp).not.toThrow();
    else expect(setUp).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  test("a name outside the table is libzmq's own answer: false for what it does not know", () => {
    for (const name of ["nonsense", "", "IPC", "ws ", "tcp://"]) expect(zmq.has(name)).toBe(false);
  });

  test("the answer is the same each time it is asked", () => {
    for (const name of Object.keys(ALL)) expect(zmq.has(name)).toBe(zmq.has(name));
  });

  test("has() takes only a string", () => {
    expect(() => zmq.has(5 as unknown as string)).toThrow(TypeError);
    expect(() => native.has(null as unknown as string)).toThrow(TypeError);
  });
});
