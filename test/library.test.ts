// Library-level functions: version, capabilities, CURVE keys, Z85, and the constants.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";

// The Z85 alphabet (ZeroMQ RFC 32).
const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

describe("version and capabilities", () => {
  test("version() is [4, minor, patch] and agrees with VERSION_MAJOR/MINOR/PATCH", () => {
    const version = zmq.version();
    expect(version).toHaveLength(3);
    expect(version[0]).toBe(4);
    for (const part of version) expect(Number.isInteger(part)).toBe(true);
    expect(version).toEqual([zmq.VERSION_MAJOR, zmq.VERSION_MINOR, zmq.VERSION_PATCH]);
  });

  test.each([
    ["ipc", true],
    ["curve", true],
    ["nonsense", false],
    ["", false],
  ])("has(%j) is %s", (capability, expected) => {
    expect(zmq.has(capability)).toBe(expected);
  });

  test("has() answers a boolean for every capability libzmq knows", () => {
    for (const capability of ["ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"]) {
      expect(typeof zmq.has(capability)).toBe("boolean");
    }
  });
});

describe("CURVE keys and Z85", () => {
  test("curveKeypair() gives two different 40-character Z85 keys, new each time", () => {
    const pair = zmq.curveKeypair();
    expect(pair.publicKey).toMatch(Z85_KEY);
    expect(pair.secretKey).toMatch(Z85_KEY);
    expect(pair.publicKey).not.toBe(pair.secretKey);
    expect(zmq.curveKeypair().secretKey).not.toBe(pair.secretKey);
  });

  test("curvePublic(secretKey) is the key pair's public key", () => {
    for (let i = 0; i < 5; i++) {
      const { publicKey, secretKey } = zmq.curveKeypair();
      expect(zmq.curvePublic(secretKey)).toBe(publicKey);
    }
  });

  test("a key decodes to 32 bytes and encodes back to the same text", () => {
    const { publicKey } = zmq.curveKeypair();
    const raw = zmq.z85Decode(publicKey);
    expect(Buffer.isBuffer(raw)).toBe(true);
    expect(raw.length).toBe(32);
    expect(zmq.z85Encode(raw)).toBe(publicKey);
  });

  test("the RFC 32 test vector: 86 4F D2 6F B5 59 F7 5B is HelloWorld", () => {
    const bytes = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    expect(zmq.z85Encode(bytes)).toBe("HelloWorld");
    expect(zmq.z85Decode("HelloWorld")).toEqual(bytes);
  });

  // z85Decode(z85Encode(x)) is x for every length z85Encode takes, the empty one included.
  test.each([0, 4, 8, 32, 1024])("%i bytes round-trip through z85Encode and z85Decode", (size) => {
    const bytes = Buffer.from(Array.from({ length: size }, (_, i) => (i * 131 + 7) & 0xff));
    const text = zmq.z85Encode(bytes);
    expect(text).toHaveLength((size * 5) / 4);
    expect(zmq.z85Decode(text).equals(bytes)).toBe(true);
  });

  test("z85Encode takes a Uint8Array, and only its own bytes of a larger buffer", () => {
    const backing = new Uint8Array([0xff, 0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b, 0xff]);
    expect(zmq.z85Encode(backing.subarray(1, 9))).toBe("HelloWorld");
  });
});

describe("constants", () => {
  const constants = Object.entries(zmq).filter(([name]) => /^[A-Z][A-Z0-9_]*$/.test(name));

  test("there are many, and each is an integer (or, for a property name, a string)", () => {
    expect(constants.length).toBeGreaterThan(100);
    for (const [name, value] of constants) {
      if (typeof value === "string") continue; // draft message-property names
      expect({ name, value: Number.isInteger(value) }).toEqual({ name, value: true });
    }
  });

  // zmq.h values: they are the wire and ABI contract, so fixed across libzmq 4.x.
  test.each([
    ["PAIR", 0],
    ["PUB", 1],
    ["SUB", 2],
    ["REQ", 3],
    ["REP", 4],
    ["DEALER", 5],
    ["ROUTER", 6],
    ["PULL", 7],
    ["PUSH", 8],
    ["XPUB", 9],
    ["XSUB", 10],
    ["STREAM", 11],
    ["DONTWAIT", 1],
    ["SNDMORE", 2],
    ["POLLIN", 1],
    ["POLLOUT", 2],
    ["STREAMER", 1],
    ["FORWARDER", 2],
    ["QUEUE", 3],
    ["EVENT_ALL", 0xffff],
  ])("the Guide's %s is %i, as in zmq.h", (name, value) => {
    expect((zmq as unknown as Record<string, unknown>)[name]).toBe(value);
  });

  test("socket options and context options are there under their zmq.h names", () => {
    const names = ["SNDHWM", "RCVHWM", "LINGER", "SUBSCRIBE", "ROUTING_ID", "IO_THREADS", "MAX_SOCKETS"];
    for (const name of names) {
      expect(typeof (zmq as unknown as Record<string, unknown>)[name]).toBe("number");
    }
  });
});
