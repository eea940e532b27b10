// CHANNEL (draft API): the thread-safe PAIR, one peer to one peer, both ways.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";
import { bindEndpoint, TRANSPORTS } from "../support/transports";

describe.each(TRANSPORTS)("CHANNEL/CHANNEL over %s", (transport) => {
  const t = useTestContext();

  test("messages go both ways, in order, through receives that wait", async () => {
    const a = t.socket(zmq.CHANNEL);
    a.bind(bindEndpoint(transport));
    const b = t.socket(zmq.CHANNEL);
    b.connect(a.lastEndpoint);
    for (let i = 0; i < 100; i++) {
      const atA = a.recv();
      await b.send(`b${i}`);
      expect((await atA).toString()).toBe(`b${i}`);
      const atB = b.recv();
      await a.send(`a${i}`);
      expect((await atB).toString()).toBe(`a${i}`);
    }
  });

  test("for await iterates a CHANNEL's messages until it is closed", async () => {
    const a = t.socket(zmq.CHANNEL);
    a.bind(bindEndpoint(transport));
    const b = t.socket(zmq.CHANNEL);
    b.connect(a.lastEndpoint);
    const received: string[] = [];
    const reading = (async () => {
      for await (const [frame] of a) {
        received.push(frame.toString());
        if (received.length === 3) a.close();
      }
    })();
    for (const text of ["one", "two", "three"]) await b.send(text);
    await reading;
    expect(received).toEqual(["one", "two", "three"]);
  });
});
