// Options by id or short name, an accessor per short name, values as the legacy binding
// took and gave them, and what replaced libzmq 2's hwm and swap.
import { expect, test } from "vitest";
import * as napi from "zmq-napi";
import zmq from "zmq-napi/compat";
import { optionNames } from "../../lib/options";
import { inproc, nextMessage, useCompatSockets } from "../support/compat";
import { runFixture } from "../support/fixture-process";

const socket = useCompatSockets();

test("options maps a short name to every option of zmq-napi's table", () => {
  for (const name of optionNames()) {
    const short = name.toLowerCase();
    if (["subscribe", "unsubscribe", "type"].includes(short)) continue; // Socket members
    expect(zmq.options[short], short).toBe(napi[name as keyof typeof napi]);
  }
  expect(zmq.options.identity).toBe(napi.ROUTING_ID);
  expect(zmq.options._subscribe).toBe(napi.SUBSCRIBE);
  expect(zmq.options._receiveMore).toBe(napi.RCVMORE);
  expect(zmq.options.hwm).toBe(napi.HWM);
});

test("setsockopt and getsockopt take an id or a short name, and chain", () => {
  const sock = socket("dealer");
  expect(sock.setsockopt("linger", 10)).toBe(sock);
  expect(sock.getsockopt(zmq.ZMQ_LINGER)).toBe(10);
  sock.setsockopt(zmq.ZMQ_LINGER, 20);
  expect(sock.getsockopt("linger")).toBe(20);
  expect(() => sock.setsockopt("no_such_option", 1)).toThrow(TypeError);
});

test("each short name is an accessor; a string set on a binary option becomes a Buffer", async () => {
  const endpoint = inproc();
  const router = socket("router").bindSync(endpoint);
  const req = socket("req");
  req.identity = "PEER2";
  expect(req.identity).toEqual(Buffer.from("PEER2"));
  req.linger = 0;
  expect(req.linger).toBe(0);
  req.connect(endpoint).send("hello");
  expect(await nextMessage(router)).toEqual(["PEER2", "", "hello"]);
});

test("flags and 64-bit options read as numbers, as the legacy binding gave them", () => {
  const sock = socket("dealer");
  sock.maxmsgsize = 4096;
  expect(sock.maxmsgsize).toBe(4096);
  sock.ipv6 = 1;
  expect(sock.ipv6).toBe(1);
  expect(sock._receiveMore).toBe(0);
});

test("socket(type, options) assigns the options through the accessors", () => {
  const sock = zmq.socket("dealer", { identity: "D7", linger: 5 });
  try {
    expect(sock.getsockopt("identity")).toEqual(Buffer.from("D7"));
    expect(sock.getsockopt("linger")).toBe(5);
  } finally {
    sock.close();
  }
});

test("socket(type, options) with a bad option throws and leaves no socket open", async () => {
  expect(() => zmq.socket("push", { linger: "not a number" })).toThrow(TypeError);
  const child = runFixture("test/fixtures/compat/bad-options.mts");
  expect(await child.line(/^errors /)).toBe("errors TypeError");
  expect(await child.line(/^a socket/)).toBe("a socket still made");
  expect(await child.exit()).toEqual({ code: 0, signal: null });
});

test("hwm sets both SNDHWM and RCVHWM; swap says it was removed and what replaced it", () => {
  const sock = socket("push");
  sock.hwm = 7;
  expect([sock.sndhwm, sock.rcvhwm]).toEqual([7, 7]);
  expect(() => (sock.swap = 1024)).toThrow(/removed in libzmq 3\.0.*SNDHWM\/RCVHWM/);
});

test("CURVE keys set from Z85 strings, and from 40-byte Buffers of them", () => {
  const server = zmq.curveKeypair();
  const sock = socket("dealer");
  sock.curve_serverkey = server.public;
  expect(sock.curve_serverkey).toBe(server.public);
  sock.curve_serverkey = Buffer.from(server.public, "latin1");
  expect(sock.curve_serverkey).toBe(server.public);
});
