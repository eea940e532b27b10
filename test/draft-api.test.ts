// The draft API on whichever libzmq the addon was built against: without it (Debian's
// libzmq 4.3.4) every draft name exists and using one is an ENOTSUP that says why; with it
// (npm run test:draft's addon, where this file runs too) the same calls work. The draft
// patterns themselves are in test/draft/.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { optionNames } from "../lib/options";
import { draftConstants } from "../scripts/constants.mjs";
import { findLibzmq } from "../scripts/find-libzmq.mjs";
import { useTestContext } from "./support/context";

const header = readFileSync(findLibzmq().header, "utf8");
const exported = zmq as unknown as Record<string, unknown>;
const draft = zmq.has("draft");
const DRAFT_TYPES = ["SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL"];

/** Expects `call` to throw the ENOTSUP that names the draft API. */
function expectDraftMissing(call: () => unknown): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(zmq.ZmqError);
  expect((thrown as zmq.ZmqError).code).toBe("ENOTSUP");
  expect((thrown as zmq.ZmqError).message).toMatch(/draft API/);
}

/** The ZMQ_* names of zmq.h's socket option blocks ("Socket options", "DRAFT Socket options"). */
function headerSocketOptions(text: string): string[] {
  const names: string[] = [];
  for (const [, block] of text.matchAll(/\/\*\s*(?:DRAFT )?Socket options\.?\s*\*\/([\s\S]*?)(?=\/\*)/g)) {
    for (const [, name] of block.matchAll(/#define ZMQ_([A-Z0-9_]+)\s/g)) names.push(name);
  }
  return names;
}

describe("the draft API's names", () => {
  test("every draft constant of zmq.h is exported, with zmq.h's value, on either build", () => {
    const literals = [...draftConstants(header)].filter(([, value]) => value !== null);
    expect(literals.map(([name]) => name)).toEqual(expect.arrayContaining(DRAFT_TYPES));
    for (const [name, value] of literals) {
      expect(exported[name], name).toBe(value!.startsWith('"') ? JSON.parse(value!) : Number(value));
    }
  });

  test("the option table has every socket option zmq.h names, draft ones included", () => {
    // zmq.h lists ZMQ_BLOCKY among the socket options; it is a context option (zmq_ctx_set).
    const named = headerSocketOptions(header).filter((name) => name !== "BLOCKY");
    expect(named).toEqual(expect.arrayContaining(["AFFINITY", "ROUTER_NOTIFY", "ZAP_ENFORCE_DOMAIN"]));
    expect(named.filter((name) => !optionNames().includes(name))).toEqual([]);
  });
});

describe(`the draft API, which this build ${draft ? "has" : "lacks"}`, () => {
  const t = useTestContext();

  test.each(DRAFT_TYPES)("a ZMQ_%s socket: ENOTSUP without it, a socket of that type with it", (name) => {
    const type = exported[name] as number;
    if (!draft) expectDraftMissing(() => t.context.socket(type));
    else expect(t.socket(type).getsockopt(zmq.TYPE)).toBe(type);
  });

  test("a Message's routingId and group: ENOTSUP without it, none until set with it", () => {
    const msg = new zmq.Message("body");
    if (!draft) {
      expectDraftMissing(() => msg.routingId);
      expectDraftMissing(() => (msg.group = "g"));
      return;
    }
    expect([msg.routingId, msg.group]).toEqual([0, ""]);
    msg.routingId = 7;
    msg.group = "g";
    expect([msg.routingId, msg.group]).toEqual([7, "g"]);
  });

  test("join, leave, connectPeer and send's routingId: ENOTSUP without it", () => {
    if (draft) {
      const dish = t.socket(zmq.DISH);
      dish.join("g");
      dish.leave("g");
      expect(t.socket(zmq.PEER).connectPeer("tcp://127.0.0.1:9")).toBeGreaterThan(0);
      return;
    }
    const sock = t.socket(zmq.DEALER);
    expectDraftMissing(() => sock.join("g"));
    expectDraftMissing(() => sock.leave("g"));
    expectDraftMissing(() => sock.connectPeer("tcp://127.0.0.1:9"));
    expectDraftMissing(() => sock.trySend("x", { routingId: 1 }));
    expectDraftMissing(() => sock.monitor(zmq.EVENT_ALL, { version: 2 }));
  });

  test("a draft-only option: ENOTSUP without it (not libzmq's EINVAL), read back with it", () => {
    const router = t.socket(zmq.ROUTER);
    const both = (zmq.NOTIFY_CONNECT as number) | (zmq.NOTIFY_DISCONNECT as number);
    if (!draft) {
      expectDraftMissing(() => router.setsockopt(zmq.ROUTER_NOTIFY, both));
      return;
    }
    router.setsockopt(zmq.ROUTER_NOTIFY, both);
    expect(router.getsockopt(zmq.ROUTER_NOTIFY)).toBe(both);
  });

  test("a draft option libzmq takes without the draft API works on either build", () => {
    const sock = t.socket(zmq.DEALER);
    sock.setsockopt(zmq.ZAP_ENFORCE_DOMAIN, true);
    expect(sock.getsockopt(zmq.ZAP_ENFORCE_DOMAIN)).toBe(true);
  });
});
