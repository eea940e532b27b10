// pgm://, epgm:// and norm:// for real: each exchange runs in a child process inside a network
// namespace of its own (support/fixture-process.ts), so no multicast leaves the machine. That
// takes root, as does pgm:// (raw sockets). Where the libzmq in use lacks a transport, has()
// says so and libzmq refuses its endpoints at once.
import { beforeAll, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runFixtureInPrivateNetwork } from "./support/fixture-process";

const t = useTestContext();

beforeAll(() => {
  if (process.getuid?.() !== 0) {
    throw new Error("the multicast tests need root: they run in a network namespace of their own (unshare -n)");
  }
});

// PUB and SUB on one multicast group over lo, and the largest frame each carries. NORM's
// endpoint is [id,][interface;]address:port (libzmq's norm_engine.cpp), the interface by name
// or address; its frames stop at 2038 bytes (below).
const ENDPOINTS = [
  ["pgm", "pgm://127.0.0.1;239.192.1.1:5555", 64 * 1024],
  ["epgm", "epgm://127.0.0.1;239.192.1.1:5556", 64 * 1024],
  ["norm", "norm://127.0.0.1;239.192.1.1:5557", 2038],
  ["norm", "norm://2,lo;239.192.1.1:5558", 2038],
] as const;

describe.each(ENDPOINTS)("%s: %s", (transport, endpoint, largest) => {
  test(`PUB to SUB: ten multipart messages of the SUB's topic, none of the other`, async () => {
    if (!zmq.has(transport)) {
      const pub = t.socket(zmq.PUB);
      expect(() => pub.bind(endpoint)).toThrow(expect.objectContaining({ code: "EPROTONOSUPPORT" }));
      return;
    }
    const child = runFixtureInPrivateNetwork("test/fixtures/multicast/exchange.mts", [endpoint, String(largest)]);
    expect(await child.line(/^ok /, 15_000)).toBe(`ok ${endpoint} 10 messages`);
    expect(await child.exit()).toEqual({ code: 0, signal: null });
  });
});

// libzmq 4.3.4 would lose the larger frame and all after it, then spin and never terminate
// its context: such a frame is refused (EMSGSIZE) before libzmq sees it.
test("norm: a frame over 2038 bytes is refused, and the stream goes on", async () => {
  const endpoint = "norm://127.0.0.1;239.192.1.1:5559";
  if (!zmq.has("norm")) {
    expect(() => t.socket(zmq.SUB).connect(endpoint)).toThrow(expect.objectContaining({ code: "EPROTONOSUPPORT" }));
    return;
  }
  const child = runFixtureInPrivateNetwork("test/fixtures/multicast/norm-limit.mts", [endpoint]);
  expect(await child.exit(15_000)).toEqual({ code: 0, signal: null });
  expect(child.lines).toEqual(["delivered 2038", "refused 2039 EMSGSIZE", "delivered after"]);
});

test("what libzmq would abort the process over is a ZmqError instead", async () => {
  const child = runFixtureInPrivateNetwork("test/fixtures/multicast/refused.mts", [], { withoutRawSockets: true });
  await child.line(/^ok$/);
  expect(await child.exit()).toEqual({ code: 0, signal: null });
  const lines = child.lines.filter((line) => line !== "ok");
  const refused = (endpoint: string, code: string) => [
    `refused ${endpoint} ZmqError ${code} ${endpoint}`,
    `refused ${endpoint} ZmqError ${code} ${endpoint}`,
  ];
  const norm = (endpoint: string) => refused(endpoint, zmq.has("norm") ? "EINVAL" : "EPROTONOSUPPORT");
  // pgm:// without CAP_NET_RAW: has() says no, and so does connect.
  const pgmBuiltIn = zmq.has("epgm");
  expect(lines).toEqual([
    `has pgm false epgm ${pgmBuiltIn}`,
    ...refused("pgm://127.0.0.1;239.192.1.1:5555", pgmBuiltIn ? "EPERM" : "EPROTONOSUPPORT"),
    ...norm("norm://nonsense.invalid:5555"),
    ...norm("norm://127.0.0.1;239.192.1.1"),
    ...norm("norm://127.0.0.1;239.192.1.1:port"),
  ]);
});
