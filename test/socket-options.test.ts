import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

const t = useTestContext();
const keys = zmq.curveKeypair();

// [option, value set, value read back]: one row per option kind.
const ROUND_TRIPS: [string, unknown, unknown][] = [
  ["LINGER", 250, 250],
  ["SNDHWM", 17, 17],
  ["RCVTIMEO", -1, -1],
  ["IMMEDIATE", true, true],
  ["IPV6", false, false],
  ["MAXMSGSIZE", 4096n, 4096n],
  ["MAXMSGSIZE", 1024, 1024n],
  ["AFFINITY", 3n, 3n],
  ["ROUTING_ID", "peer-1", Buffer.from("peer-1")],
  ["ROUTING_ID", Buffer.from([0, 1, 2]), Buffer.from([0, 1, 2])],
  ["ZAP_DOMAIN", "global", "global"],
  ["PLAIN_USERNAME", "admin", "admin"],
  ["CURVE_SERVERKEY", keys.publicKey, keys.publicKey],
  ["CURVE_PUBLICKEY", zmq.z85Decode(keys.publicKey), keys.publicKey],
];

describe("socket options", () => {
  test.each(ROUND_TRIPS)("%s round-trips %s", (name, value, expected) => {
    const sock = t.socket(zmq.DEALER);
    const option = (zmq as unknown as Record<string, number>)[name];
    sock.setsockopt(option, value);
    expect(sock.getsockopt(option)).toEqual(expected);
  });

  test.each([
    ["TYPE", zmq.PUB],
    ["RCVMORE", false],
    ["MECHANISM", zmq.NULL],
    ["THREAD_SAFE", false],
  ])("read-only %s reads %s and cannot be set", (name, expected) => {
    const sock = t.socket(zmq.PUB);
    const option = (zmq as unknown as Record<string, number>)[name];
    expect(sock.getsockopt(option)).toBe(expected);
    expect(() => sock.setsockopt(option, 1)).toThrow(zmq.ZmqError);
  });

  test("FD and EVENTS are numbers; LAST_ENDPOINT a string", () => {
    const sock = t.socket(zmq.PULL);
    sock.bind("tcp://127.0.0.1:*");
    expect(sock.getsockopt(zmq.FD)).toBeGreaterThanOrEqual(0);
    expect(typeof sock.getsockopt(zmq.EVENTS)).toBe("number");
    expect(sock.getsockopt(zmq.LAST_ENDPOINT)).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  test("write-only options cannot be read", () => {
    const sock = t.socket(zmq.SUB);
    sock.setsockopt(zmq.SUBSCRIBE, "topic");
    expect(() => sock.getsockopt(zmq.SUBSCRIBE)).toThrow(/write-only/);
  });

  test("the Guide's aliases", () => {
    expect(zmq.IDENTITY).toBe(zmq.ROUTING_ID);
    expect(zmq.NOBLOCK).toBe(zmq.DONTWAIT);
    expect(zmq.XREQ).toBe(zmq.DEALER);
    expect(zmq.XREP).toBe(zmq.ROUTER);
    const sock = t.socket(zmq.PUSH);
    sock.setsockopt(zmq.HWM, 42);
    expect([sock.getsockopt(zmq.SNDHWM), sock.getsockopt(zmq.RCVHWM)]).toEqual([42, 42]);
    expect(() => sock.setsockopt(zmq.SWAP, 1 << 20)).toThrow(/removed in libzmq 3\.0/);
  });

  test.each([
    ["unknown option", 99_999, 1, RangeError],
    ["string for an int", zmq.LINGER, "10", TypeError],
    ["fraction for an int", zmq.LINGER, 1.5, RangeError],
    ["number for a key", zmq.CURVE_SERVERKEY, 5, TypeError],
    ["short key", zmq.CURVE_SERVERKEY, "abc", TypeError],
    ["object for bytes", zmq.ROUTING_ID, {}, TypeError],
    ["2 for a flag", zmq.IMMEDIATE, 2, TypeError],
    ["unsafe integer for int64", zmq.MAXMSGSIZE, 2 ** 60, RangeError],
  ])("%s is refused", (_, option, value, errorClass) => {
    const sock = t.socket(zmq.DEALER);
    expect(() => sock.setsockopt(option as number, value)).toThrow(errorClass as ErrorConstructor);
  });
});
