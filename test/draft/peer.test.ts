// PEER (draft API): connectPeer returns the routing id of the peer connected to, to send to
// it at once; every message received carries its sender's routing id, to answer with.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";
import { bindEndpoint, TRANSPORTS } from "../support/transports";

describe.each(TRANSPORTS)("PEER/PEER over %s", (transport) => {
  const t = useTestContext();

  test("connectPeer's routing id sends to that peer, whose answer comes back with it", async () => {
    const listener = t.socket(zmq.PEER);
    listener.bind(bindEndpoint(transport));
    const peer = t.socket(zmq.PEER);
    const id = peer.connectPeer(listener.lastEndpoint);
    expect(Number.isInteger(id) && id > 0).toBe(true);
    for (let i = 0; i < 50; i++) {
      await peer.send(`hello ${i}`, { routingId: id });
      const msg = await listener.recvMsg();
      expect(msg.toString()).toBe(`hello ${i}`);
      await listener.send(`back ${i}`, { routingId: msg.routingId });
      const answer = await peer.recvMsg();
      expect([answer.toString(), answer.routingId]).toEqual([`back ${i}`, id]);
    }
  });

  test("one PEER connected to two tells them apart by routing id", async () => {
    const hub = t.socket(zmq.PEER);
    const [left, right] = [0, 1].map(() => {
      const listener = t.socket(zmq.PEER);
      listener.bind(bindEndpoint(transport));
      return listener;
    });
    const leftId = hub.connectPeer(left.lastEndpoint);
    const rightId = hub.connectPeer(right.lastEndpoint);
    expect(leftId).not.toBe(rightId);
    await hub.send("to left", { routingId: leftId });
    await hub.send("to right", { routingId: rightId });
    expect((await left.recv()).toString()).toBe("to left");
    expect((await right.recv()).toString()).toBe("to right");
  });
});

describe("PEER", () => {
  const t = useTestContext();

  test("connectPeer on a socket that is no PEER, or to a bad endpoint, is a ZmqError", () => {
    expect(() => t.socket(zmq.SERVER).connectPeer("tcp://127.0.0.1:9")).toThrow(
      expect.objectContaining({ code: "ENOTSUP" }),
    );
    expect(() => t.socket(zmq.PEER).connectPeer("nonsense://x")).toThrow(
      expect.objectContaining({ code: "EPROTONOSUPPORT", address: "nonsense://x" }),
    );
    expect(() => t.socket(zmq.PEER).connectPeer(5 as unknown as string)).toThrow(TypeError);
  });
});
