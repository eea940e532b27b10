// SCATTER/GATHER (draft API): the thread-safe PUSH/PULL. A SCATTER deals its messages out
// round-robin among its GATHERs; a GATHER takes from all its SCATTERs fairly.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";
import { bindEndpoint, TRANSPORTS } from "../support/transports";

describe.each(TRANSPORTS)("SCATTER/GATHER over %s", (transport) => {
  const t = useTestContext();

  test("a pipeline: every message arrives once, in order", async () => {
    const gather = t.socket(zmq.GATHER);
    gather.bind(bindEndpoint(transport));
    const scatter = t.socket(zmq.SCATTER);
    scatter.connect(gather.lastEndpoint);
    const receiving = Promise.all(Array.from({ length: 500 }, () => gather.recv()));
    for (let i = 0; i < 500; i++) await scatter.send(`task ${i}`);
    expect((await receiving).map(String)).toEqual(Array.from({ length: 500 }, (_, i) => `task ${i}`));
  });

  test("a GATHER takes from several SCATTERs", async () => {
    const gather = t.socket(zmq.GATHER);
    gather.bind(bindEndpoint(transport));
    const scatters = ["a", "b"].map((name) => {
      const scatter = t.socket(zmq.SCATTER);
      scatter.connect(gather.lastEndpoint);
      return [name, scatter] as const;
    });
    await Promise.all(scatters.map(async ([name, scatter]) => {
      for (let i = 0; i < 20; i++) await scatter.send(`${name}${i}`);
    }));
    const got = await Promise.all(Array.from({ length: 40 }, async () => String(await gather.recv())));
    for (const name of ["a", "b"]) {
      expect(got.filter((m) => m.startsWith(name))).toEqual(Array.from({ length: 20 }, (_, i) => `${name}${i}`));
    }
  });
});

describe("SCATTER/GATHER round-robin", () => {
  const t = useTestContext();

  // Over inproc a connect to a bound endpoint attaches at once, so both GATHERs are there
  // before the first message (over tcp and ipc only a handshake later, at no moment a test
  // can await).
  test("a SCATTER deals its messages alternately to the GATHERs connected", async () => {
    const scatter = t.socket(zmq.SCATTER);
    scatter.bind(bindEndpoint("inproc"));
    const gathers = [0, 1].map(() => {
      const gather = t.socket(zmq.GATHER);
      gather.connect(scatter.lastEndpoint);
      return gather;
    });
    for (let i = 0; i < 10; i++) await scatter.send(String(i));
    const got = await Promise.all(
      gathers.map((gather) => Promise.all(Array.from({ length: 5 }, async () => Number(await gather.recv())))),
    );
    const [evens, odds] = got[0][0] % 2 === 0 ? got : [got[1], got[0]];
    expect(evens).toEqual([0, 2, 4, 6, 8]);
    expect(odds).toEqual([1, 3, 5, 7, 9]);
  });
});
