// The draft API's socket options: each one set (and read back where libzmq can) with a value
// of its kind, and the ones whose effect a test can see, seen.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { draftConstants } from "../../scripts/constants.mjs";
import { findLibzmq } from "../../scripts/find-libzmq.mjs";
import { readFileSync } from "node:fs";
import { optionNames } from "../../lib/options";
import { useTestContext } from "../support/context";
import { bindEndpoint } from "../support/transports";

const C = zmq as unknown as Record<string, number>;

// name → [socket type, value, whether libzmq reads it back]. The WSS ones need a libzmq
// built with WSS (zmq.has("WSS")); without, libzmq refuses them (EINVAL).
const VALUES: Record<string, [string, unknown, boolean]> = {
  ZAP_ENFORCE_DOMAIN: ["DEALER", true, true],
  LOOPBACK_FASTPATH: ["DEALER", true, true],
  METADATA: ["DEALER", "X-Colour:blue", false],
  MULTICAST_LOOP: ["PUB", false, true],
  ROUTER_NOTIFY: ["ROUTER", 3, true],
  XPUB_MANUAL_LAST_VALUE: ["XPUB", true, false],
  SOCKS_USERNAME: ["DEALER", "user", true],
  SOCKS_PASSWORD: ["DEALER", "secret", true],
  IN_BATCH_SIZE: ["DEALER", 4096, true],
  OUT_BATCH_SIZE: ["DEALER", 4096, true],
  WSS_KEY_PEM: ["DEALER", "-----BEGIN PRIVATE KEY-----", false],
  WSS_CERT_PEM: ["DEALER", "-----BEGIN CERTIFICATE-----", false],
  WSS_TRUST_PEM: ["DEALER", "-----BEGIN CERTIFICATE-----", false],
  WSS_HOSTNAME: ["DEALER", "example.org", false],
  WSS_TRUST_SYSTEM: ["DEALER", true, false],
  ONLY_FIRST_SUBSCRIBE: ["XSUB", true, false],
  RECONNECT_STOP: ["DEALER", C.RECONNECT_STOP_CONN_REFUSED, true],
  HELLO_MSG: ["DEALER", Buffer.from("hello"), false],
  DISCONNECT_MSG: ["ROUTER", Buffer.from("bye"), false],
  PRIORITY: ["DEALER", 3, true],
};

describe("draft socket options", () => {
  const t = useTestContext();

  test("the draft socket options of zmq.h are all in the table, and all here", () => {
    const header = readFileSync(findLibzmq().header, "utf8");
    const section = header.match(/DRAFT Socket options\.[^\n]*\n([\s\S]*?)\/\*/)![1];
    const named = [...section.matchAll(/#define ZMQ_([A-Z0-9_]+)/g)].map(([, name]) => name);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !optionNames().includes(name))).toEqual([]);
    expect(named.sort()).toEqual(Object.keys(VALUES).sort());
    for (const name of named) expect(draftConstants(header).has(name)).toBe(true);
  });

  test.each(Object.entries(VALUES))("ZMQ_%s takes a value of its kind", (name, [type, value, readable]) => {
    const sock = t.socket(C[type]);
    if (name.startsWith("WSS_") && !zmq.has("WSS")) {
      expect(() => sock.setsockopt(C[name], value)).toThrow(expect.objectContaining({ code: "EINVAL" }));
      return;
    }
    sock.setsockopt(C[name], value);
    if (readable) expect(sock.getsockopt(C[name])).toEqual(value);
  });

  test("a value of the wrong kind is a TypeError before libzmq sees it", () => {
    const sock = t.socket(zmq.DEALER);
    // @ts-expect-error: the option types refuse it too; this is the run-time check
    expect(() => sock.setsockopt(zmq.IN_BATCH_SIZE, "4096")).toThrow(TypeError);
    // @ts-expect-error: the option types refuse it too; this is the run-time check
    expect(() => sock.setsockopt(zmq.HELLO_MSG, 5)).toThrow(TypeError);
  });

  test("ROUTER_NOTIFY: a ROUTER gets an empty message from each peer that connects", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_NOTIFY, zmq.NOTIFY_CONNECT);
    router.bind(bindEndpoint("tcp"));
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.ROUTING_ID, "d1");
    dealer.connect(router.lastEndpoint);
    expect((await router.recvMultipart()).map(String)).toEqual(["d1", ""]);
  });

  test("METADATA: a peer reads the property from each message", async () => {
    const server = t.socket(zmq.DEALER);
    server.setsockopt(zmq.METADATA, "X-Colour:blue");
    server.bind(bindEndpoint("tcp"));
    const client = t.socket(zmq.DEALER);
    client.connect(server.lastEndpoint);
    await server.send("hi");
    expect((await client.recvMsg()).gets("X-Colour")).toBe("blue");
  });

  test("HELLO_MSG: a socket greets each peer that connects to it", async () => {
    const server = t.socket(zmq.DEALER);
    server.setsockopt(zmq.HELLO_MSG, "hello");
    server.bind(bindEndpoint("tcp"));
    const client = t.socket(zmq.DEALER);
    client.connect(server.lastEndpoint);
    expect((await client.recv()).toString()).toBe("hello");
  });

  test("DISCONNECT_MSG: a ROUTER gets it in the name of a peer that went away", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.DISCONNECT_MSG, "bye");
    router.bind(bindEndpoint("tcp"));
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.ROUTING_ID, "d");
    dealer.connect(router.lastEndpoint);
    // Sent only for a peer whose handshake was done: one message of its says it was.
    await dealer.send("there");
    expect((await router.recvMultipart()).map(String)).toEqual(["d", "there"]);
    dealer.close();
    expect((await router.recvMultipart()).map(String)).toEqual(["d", "bye"]);
  });

  test("ZERO_COPY_RECV, the draft context option, is set and read back", async () => {
    t.context.set(zmq.ZERO_COPY_RECV, 0);
    expect(t.context.get(zmq.ZERO_COPY_RECV)).toBe(0);
    // Received messages are then copies; they still arrive whole.
    const pull = t.socket(zmq.PULL);
    pull.bind(bindEndpoint("tcp"));
    const push = t.socket(zmq.PUSH);
    push.connect(pull.lastEndpoint);
    await push.send(Buffer.alloc(100_000, 7));
    expect((await pull.recv()).equals(Buffer.alloc(100_000, 7))).toBe(true);
  });
});
