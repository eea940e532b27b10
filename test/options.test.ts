// Socket options: every value kind of lib/options.ts round-trips with the type API.md gives
// it, access rules are enforced, the Guide's old names work, and bad input is a clear error.
import { constants as osConstants } from "node:os";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

/** A ZMQ_* option number by its name, failing loudly if the build lacks it. */
function option(name: string): number {
  const value = (zmq as unknown as Record<string, unknown>)[name];
  if (typeof value !== "number") throw new Error(`zmq.${name} is not a number`);
  return value;
}

/** The error `fn` throws; fails the test if it throws nothing. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const keys = zmq.curveKeypair();

// [option, value set, value read back]: the read-back also fixes the type (bigint for
// 64-bit options, Buffer for bytes, string for text and keys, boolean for flags).
const ROUND_TRIPS: [string, unknown, unknown][] = [
  // int
  ["LINGER", 1234, 1234],
  ["LINGER", -1, -1],
  ["SNDHWM", 77, 77],
  ["RCVHWM", 0, 0],
  ["RCVTIMEO", 250, 250],
  ["SNDTIMEO", 100, 100],
  ["RECONNECT_IVL", 300, 300],
  ["BACKLOG", 42, 42],
  ["HEARTBEAT_IVL", 500, 500],
  ["CONNECT_TIMEOUT", 2000, 2000],
  // bool: a boolean or 0/1 in, a boolean out
  ["IMMEDIATE", true, true],
  ["IMMEDIATE", false, false],
  ["IPV6", true, true],
  ["IPV6", 1, true],
  ["PLAIN_SERVER", true, true],
  ["CURVE_SERVER", true, true],
  // int64: bigint or number in, bigint out
  ["MAXMSGSIZE", 4096n, 4096n],
  ["MAXMSGSIZE", 4096, 4096n],
  ["MAXMSGSIZE", -1n, -1n],
  ["MAXMSGSIZE", 2n ** 62n, 2n ** 62n],
  // uint64: the full unsigned range survives
  ["AFFINITY", 3n, 3n],
  ["AFFINITY", 5, 5n],
  ["AFFINITY", 2n ** 64n - 1n, 2n ** 64n - 1n],
  // bytes: string, Buffer or TypedArray in, Buffer out
  ["ROUTING_ID", "alice", Buffer.from("alice")],
  ["ROUTING_ID", Buffer.from([1, 2, 255]), Buffer.from([1, 2, 255])],
  ["ROUTING_ID", new Uint8Array([7, 8]), Buffer.from([7, 8])],
  // string: string or Buffer in, string out
  ["ZAP_DOMAIN", "global", "global"],
  ["ZAP_DOMAIN", Buffer.from("from a buffer"), "from a buffer"],
  ["PLAIN_USERNAME", "admin", "admin"],
  ["PLAIN_PASSWORD", "secret", "secret"],
  ["SOCKS_PROXY", "127.0.0.1:1080", "127.0.0.1:1080"],
  // key: Z85 text or 32 raw bytes in, Z85 text out
  ["CURVE_SERVERKEY", keys.publicKey, keys.publicKey],
  ["CURVE_PUBLICKEY", keys.publicKey, keys.publicKey],
  ["CURVE_SECRETKEY", keys.secretKey, keys.secretKey],
  ["CURVE_SERVERKEY", zmq.z85Decode(keys.publicKey), keys.publicKey],
];

/** A short, readable label for a sample value in a test name. */
function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.byteLength})`;
  return JSON.stringify(value);
}

// Write-only options: setting works (on a socket type that takes them), reading throws.
const WRITE_ONLY: [string, number, unknown][] = [
  ["SUBSCRIBE", zmq.SUB, "topic"],
  ["UNSUBSCRIBE", zmq.SUB, "topic"],
  ["CONFLATE", zmq.PULL, true],
  ["ROUTER_MANDATORY", zmq.ROUTER, true],
  ["ROUTER_HANDOVER", zmq.ROUTER, true],
  ["CONNECT_ROUTING_ID", zmq.ROUTER, "peer"],
  ["XPUB_VERBOSE", zmq.XPUB, true],
  ["XPUB_WELCOME_MSG", zmq.XPUB, "welcome"],
  ["REQ_RELAXED", zmq.REQ, true],
  ["TCP_ACCEPT_FILTER", zmq.PULL, "127.0.0.1"],
];

// Read-only options, as a fresh DEALER shows them; [option, check of the value, a value of
// the right type to try to set].
const READ_ONLY: [string, (value: unknown) => void, unknown][] = [
  ["TYPE", (value) => expect(value).toBe(zmq.DEALER), 1],
  ["RCVMORE", (value) => expect(value).toBe(false), true],
  [
    "EVENTS",
    (value) => {
      expect(typeof value).toBe("number");
      expect((value as number) & ~(zmq.POLLIN | zmq.POLLOUT | zmq.POLLERR)).toBe(0);
    },
    0,
  ],
  [
    "FD",
    (value) => {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
    },
    3,
  ],
  ["LAST_ENDPOINT", (value) => expect(value).toBe(""), "tcp://127.0.0.1:5555"],
  ["MECHANISM", (value) => expect(value).toBe(zmq.NULL), zmq.CURVE],
  ["THREAD_SAFE", (value) => expect(value).toBe(false), true],
];

// Values of the wrong type or range: [option, value, the error class].
const BAD_VALUES: [string, unknown, typeof TypeError | typeof RangeError][] = [
  ["LINGER", "10", TypeError],
  ["LINGER", 10n, TypeError],
  ["LINGER", null, TypeError],
  ["LINGER", 1.5, RangeError],
  ["LINGER", 2 ** 31, RangeError],
  ["LINGER", Number.NaN, RangeError],
  ["IMMEDIATE", "yes", TypeError],
  ["IMMEDIATE", undefined, TypeError],
  ["MAXMSGSIZE", "1", TypeError],
  ["MAXMSGSIZE", 1.5, RangeError],
  ["MAXMSGSIZE", 2n ** 63n, RangeError],
  ["AFFINITY", -1, RangeError],
  ["AFFINITY", -1n, RangeError],
  ["AFFINITY", 2n ** 64n, RangeError],
  ["ROUTING_ID", 5, TypeError],
  ["ROUTING_ID", {}, TypeError],
  ["ZAP_DOMAIN", 5, TypeError],
  ["ZAP_DOMAIN", ["global"], TypeError],
  ["CURVE_SERVERKEY", 5, TypeError],
  ["CURVE_SERVERKEY", { key: keys.publicKey }, TypeError],
];

describe("socket options", () => {
  const t = useTestContext();

  test.each(ROUND_TRIPS.map(([name, value, expected]) => ({ name, value, expected, label: show(value) })))(
    "$name: set $label, read it back",
    ({ name, value, expected }) => {
      const sock = t.socket(zmq.DEALER);
      sock.setsockopt(option(name), value);
      // toStrictEqual: 4096n is not 4096, and a Buffer is not a string.
      expect(sock.getsockopt(option(name))).toStrictEqual(expected);
    },
  );

  test("a key set from a Buffer is read back as its Z85 text, the same for all three keys", () => {
    const sock = t.socket(zmq.DEALER);
    const server = zmq.curveKeypair();
    sock.setsockopt(zmq.CURVE_SERVERKEY, zmq.z85Decode(server.publicKey));
    sock.setsockopt(zmq.CURVE_PUBLICKEY, zmq.z85Decode(keys.publicKey));
    sock.setsockopt(zmq.CURVE_SECRETKEY, zmq.z85Decode(keys.secretKey));
    expect(sock.getsockopt(zmq.CURVE_SERVERKEY)).toBe(server.publicKey);
    expect(sock.getsockopt(zmq.CURVE_PUBLICKEY)).toBe(keys.publicKey);
    expect(sock.getsockopt(zmq.CURVE_SECRETKEY)).toBe(keys.secretKey);
    // Setting keys makes the socket a CURVE client.
    expect(sock.getsockopt(zmq.MECHANISM)).toBe(zmq.CURVE);
  });

  test("options are per socket: setting one socket leaves another alone", () => {
    const a = t.socket(zmq.DEALER);
    const b = t.socket(zmq.DEALER);
    const defaultHwm = b.getsockopt(zmq.SNDHWM);
    a.setsockopt(zmq.SNDHWM, 7);
    expect(a.getsockopt(zmq.SNDHWM)).toBe(7);
    expect(b.getsockopt(zmq.SNDHWM)).toBe(defaultHwm);
    expect(defaultHwm).not.toBe(7);
  });

  test.each(WRITE_ONLY)("%s is write-only: setting it works, reading it throws ZmqError", (name, type, value) => {
    const sock = t.socket(type);
    sock.setsockopt(option(name), value);
    const error = thrown(() => sock.getsockopt(option(name)));
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect(error).toMatchObject({ code: "EINVAL" });
    expect((error as Error).message).toContain(name);
  });

  test.each(READ_ONLY)("%s is read-only: reads with its type, setting it throws ZmqError", (name, check, value) => {
    const sock = t.socket(zmq.DEALER);
    check(sock.getsockopt(option(name)));
    const error = thrown(() => sock.setsockopt(option(name), value));
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect(error).toMatchObject({ code: "EINVAL" });
    expect((error as Error).message).toContain(name);
  });

  test("LAST_ENDPOINT tells the port a wildcard bind chose, as a string", () => {
    const sock = t.socket(zmq.PULL);
    sock.bind("tcp://127.0.0.1:*");
    const endpoint = sock.getsockopt(zmq.LAST_ENDPOINT);
    expect(endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint).not.toBe("tcp://127.0.0.1:0");
    expect(sock.lastEndpoint).toBe(endpoint);
  });

  test("RCVMORE reads true between the frames of a multipart message", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.bind(`inproc://options-rcvmore-${process.pid}`);
    pull.connect(push.lastEndpoint);
    await push.send(["head", "tail"]);
    await pull.recv();
    expect(pull.getsockopt(zmq.RCVMORE)).toBe(true);
    await pull.recv();
    expect(pull.getsockopt(zmq.RCVMORE)).toBe(false);
  });

  test("the Guide's HWM sets both SNDHWM and RCVHWM", () => {
    const sock = t.socket(zmq.DEALER);
    sock.setsockopt(zmq.HWM, 42);
    expect(sock.getsockopt(zmq.SNDHWM)).toBe(42);
    expect(sock.getsockopt(zmq.RCVHWM)).toBe(42);
  });

  test("the Guide's SWAP throws a ZmqError saying libzmq 3.0 removed swap", () => {
    const sock = t.socket(zmq.DEALER);
    const error = thrown(() => sock.setsockopt(zmq.SWAP, 25_000_000));
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect((error as Error).message).toMatch(/swap/i);
    expect((error as Error).message).toContain("3.0");
  });

  // API.md: a ZmqError has its code and a numeric errno, whether libzmq or the option layer
  // refused the call, so code that switches on errno works for both.
  test("the option layer's own ZmqErrors carry a numeric errno that matches their code", () => {
    const sock = t.socket(zmq.SUB);
    const errors = [
      // @ts-expect-error: a read-only option, refused by the types too
      thrown(() => sock.setsockopt(zmq.TYPE, 1)),
      // @ts-expect-error: a write-only option, refused by the types too
      thrown(() => sock.getsockopt(zmq.SUBSCRIBE)),
      thrown(() => sock.setsockopt(zmq.SWAP, 1)),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(zmq.ZmqError);
      const { code, errno } = error as zmq.ZmqError;
      expect(typeof code).toBe("string");
      expect(errno).toBe(osConstants.errno[code as keyof typeof osConstants.errno]);
    }
  });

  test("the Guide's old names are the new constants", () => {
    expect(zmq.IDENTITY).toBe(zmq.ROUTING_ID);
    expect(zmq.NOBLOCK).toBe(zmq.DONTWAIT);
    expect(zmq.XREQ).toBe(zmq.DEALER);
    expect(zmq.XREP).toBe(zmq.ROUTER);
    expect(typeof zmq.HWM).toBe("number");
    expect(typeof zmq.SWAP).toBe("number");
  });

  test.each([
    { label: "an unknown option number", bad: 99_999, errorClass: RangeError },
    { label: "a negative option number", bad: -1, errorClass: RangeError },
    { label: "a fractional option number", bad: 1.5, errorClass: RangeError },
    { label: "an option name instead of its number", bad: "LINGER", errorClass: TypeError },
  ])("$label is a $errorClass.name for setsockopt and getsockopt", ({ bad, errorClass }) => {
    const sock = t.socket(zmq.DEALER);
    expect(() => sock.setsockopt(bad as unknown as number, 1)).toThrow(errorClass);
    expect(() => sock.getsockopt(bad as unknown as number)).toThrow(errorClass);
  });

  test.each(BAD_VALUES.map(([name, value, errorClass]) => ({ name, value, errorClass, label: show(value) })))(
    "$name rejects $label with a $errorClass.name",
    ({ name, value, errorClass }) => {
      const sock = t.socket(zmq.DEALER);
      const before = sock.getsockopt(option(name));
      expect(() => sock.setsockopt(option(name), value)).toThrow(errorClass);
      // Nothing reached libzmq: the option is unchanged.
      expect(sock.getsockopt(option(name))).toStrictEqual(before);
    },
  );

  test.each([
    ["a 39-character string", keys.publicKey.slice(1)],
    ["a 41-character string", `${keys.publicKey}A`],
    ["a 31-byte Buffer", Buffer.alloc(31)],
  ])("a CURVE key of the wrong length (%s) is a TypeError or RangeError", (_, value) => {
    const sock = t.socket(zmq.DEALER);
    const error = thrown(() => sock.setsockopt(zmq.CURVE_SERVERKEY, value));
    expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
  });

  test("a 40-character key that is not valid Z85 is refused by libzmq with a ZmqError", () => {
    const sock = t.socket(zmq.DEALER);
    // '~' and ' ' are outside the Z85 alphabet.
    const error = thrown(() => sock.setsockopt(zmq.CURVE_SERVERKEY, "~".repeat(20) + " ".repeat(20)));
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect(error).toMatchObject({ code: "EINVAL" });
  });
});
