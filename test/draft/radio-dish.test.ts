// RADIO/DISH (draft API): a DISH receives what RADIOs send to the groups it joined, each
// message with its group; joining and leaving change that from the next message on.
import { createSocket } from "node:dgram";
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";
import { bindEndpoint, TRANSPORTS } from "../support/transports";

const SYNC = "sync";
const DONE = "done";

/**
 * A join travels to the RADIO as a message of its own, and nothing tells when it arrived
 * (the Guide's slow joiner, as with PUB/SUB): probe the SYNC group until the DISH gets one,
 * then one DONE says no probe is left in flight. The groups joined before are in place
 * from then on, since a DISH's joins reach the RADIO in order.
 */
async function sync(radio: zmq.Socket, ...dishes: zmq.Socket[]): Promise<void> {
  let waiting = dishes.length;
  const firsts = dishes.map((dish) => {
    dish.join(SYNC);
    dish.join(DONE);
    return dish.recvMsg().then((msg) => {
      waiting--;
      return msg.group;
    });
  });
  while (waiting > 0) {
    await radio.send("probe", { group: SYNC });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(await Promise.all(firsts)).toEqual(dishes.map(() => SYNC));
  await radio.send("", { group: DONE });
  for (const dish of dishes) {
    while ((await dish.recvMsg()).group !== DONE);
    dish.leave(SYNC);
  }
}

/** [group, text] of each message until the one sent to DONE. */
async function receiveUntilDone(dish: zmq.Socket): Promise<[string, string][]> {
  const got: [string, string][] = [];
  for (;;) {
    const msg = await dish.recvMsg();
    if (msg.group === DONE) return got;
    got.push([msg.group, msg.toString()]);
  }
}

describe.each(TRANSPORTS)("RADIO/DISH over %s", (transport) => {
  const t = useTestContext();

  function pair(): [zmq.Socket, zmq.Socket] {
    const radio = t.socket(zmq.RADIO);
    radio.bind(bindEndpoint(transport));
    const dish = t.socket(zmq.DISH);
    dish.connect(radio.lastEndpoint);
    return [radio, dish];
  }

  test("a DISH gets the groups it joined, in order, each message with its group", async () => {
    const [radio, dish] = pair();
    dish.join("weather");
    dish.join("news");
    await sync(radio, dish);
    await radio.send("sunny", { group: "weather" });
    await radio.send("not for us", { group: "sports" });
    const msg = new zmq.Message("election");
    msg.group = "news";
    await radio.send(msg);
    await radio.send("rain", { group: "weather" });
    await radio.send("", { group: DONE });
    expect(await receiveUntilDone(dish)).toEqual([
      ["weather", "sunny"],
      ["news", "election"],
      ["weather", "rain"],
    ]);
  });

  test("after leave, a group's messages no longer arrive; the others still do", async () => {
    const [radio, dish] = pair();
    dish.join("a");
    dish.join("b");
    await sync(radio, dish);
    dish.leave("a");
    await radio.send("a1", { group: "a" });
    await radio.send("b1", { group: "b" });
    await radio.send("", { group: DONE });
    expect(await receiveUntilDone(dish)).toEqual([["b", "b1"]]);
  });

  test("several DISHes each get the groups they joined", async () => {
    const radio = t.socket(zmq.RADIO);
    radio.bind(bindEndpoint(transport));
    const dishes = ["x", "y"].map((group) => {
      const dish = t.socket(zmq.DISH);
      dish.connect(radio.lastEndpoint);
      dish.join(group);
      return dish;
    });
    await sync(radio, ...dishes);
    for (const group of ["x", "y", "x"]) await radio.send(`to ${group}`, { group });
    await radio.send("", { group: DONE });
    expect(await receiveUntilDone(dishes[0])).toEqual([
      ["x", "to x"],
      ["x", "to x"],
    ]);
    expect(await receiveUntilDone(dishes[1])).toEqual([["y", "to y"]]);
  });
});

/** A UDP port of 127.0.0.1 free a moment ago (libzmq's udp:// binds take no wildcard). */
async function freeUdpPort(): Promise<number> {
  const probe = createSocket("udp4");
  await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("RADIO/DISH over udp, the transport only they have", () => {
  const t = useTestContext();

  test("a DISH bound to a udp port gets the groups it joined from a RADIO sending there", async () => {
    const endpoint = `udp://127.0.0.1:${await freeUdpPort()}`;
    const dish = t.socket(zmq.DISH);
    dish.bind(endpoint);
    dish.join("weather");
    const radio = t.socket(zmq.RADIO);
    radio.connect(endpoint);
    // Over udp a DISH filters by itself, and the probes wait for its socket to be bound.
    await sync(radio, dish);
    await radio.send("sunny", { group: "weather" });
    await radio.send("goal", { group: "sports" });
    await radio.send("", { group: DONE });
    expect(await receiveUntilDone(dish)).toEqual([["weather", "sunny"]]);
  });
});

describe("RADIO/DISH groups", () => {
  const t = useTestContext();
  const longest = "g".repeat(zmq.GROUP_MAX_LENGTH);

  test("a group of ZMQ_GROUP_MAX_LENGTH bytes is taken; one more is a RangeError", () => {
    const dish = t.socket(zmq.DISH);
    dish.join(longest);
    expect(() => dish.join(`${longest}g`)).toThrow(RangeError);
    const msg = new zmq.Message("x");
    msg.group = longest;
    expect(msg.group).toBe(longest);
    expect(() => (msg.group = `${longest}g`)).toThrow(RangeError);
    expect(() => t.socket(zmq.RADIO).trySend("x", { group: `${longest}g` })).toThrow(RangeError);
  });

  test("a group with a NUL or not a string is a TypeError; joining twice is EINVAL", () => {
    const dish = t.socket(zmq.DISH);
    expect(() => dish.join("a\0b")).toThrow(TypeError);
    expect(() => dish.join(7 as unknown as string)).toThrow(TypeError);
    dish.join("twice");
    expect(() => dish.join("twice")).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => dish.leave("never joined")).toThrow(expect.objectContaining({ code: "EINVAL" }));
  });

  test("join on a socket that is no DISH is libzmq's ENOTSUP", () => {
    expect(() => t.socket(zmq.RADIO).join("g")).toThrow(expect.objectContaining({ code: "ENOTSUP" }));
  });
});
