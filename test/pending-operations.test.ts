import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(TRANSPORTS)("pending operations over %s", (transport) => {
  const t = useTestContext();

  function pushPull(hwm?: number): { push: zmq.Socket; pull: zmq.Socket } {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    if (hwm !== undefined) {
      push.setsockopt(zmq.SNDHWM, hwm);
      pull.setsockopt(zmq.RCVHWM, hwm);
    }
    pull.bind(bindEndpoint(transport));
    push.connect(pull.lastEndpoint);
    return { push, pull };
  }

  test("several receives pending at once are served in call order", async () => {
    const { push, pull } = pushPull();
    const receives = Array.from({ length: 20 }, () => pull.recv());
    const multipart = pull.recvMultipart();
    for (let i = 0; i < 20; i++) await push.send(`m${i}`);
    await push.send(["last", "frames"]);
    expect((await Promise.all(receives)).map(String)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect((await multipart).map(String)).toEqual(["last", "frames"]);
  });

  test("sends waiting at the high-water mark go out in order", async () => {
    const { push, pull } = pushPull(2);
    const sends = Array.from({ length: 50 }, (_, i) => push.send(`s${i}`));
    const received: string[] = [];
    for (let i = 0; i < 50; i++) received.push((await pull.recv()).toString());
    await Promise.all(sends);
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => `s${i}`));
  });

  test("close() rejects pending receives and sends with ENOTSOCK and ends iteration", async () => {
    const { push, pull } = pushPull(1);
    const receive = pull.recv();
    let iterated = 0;
    const iteration = (async () => {
      for await (const _ of pull) iterated++;
      return "ended";
    })();
    push.close(); // nothing pending on it yet
    const blocked = t.socket(zmq.PUSH);
    blocked.setsockopt(zmq.SNDHWM, 1);
    blocked.connect("inproc://nobody-binds-this");
    // The first few fit in the pipe libzmq makes before the peer binds; the rest wait.
    const sends = Promise.allSettled(Array.from({ length: 10 }, (_, i) => blocked.send(`${i}`)));
    await turn();
    blocked.close();
    pull.close();
    await expect(receive).rejects.toMatchObject({ code: "ENOTSOCK" });
    await expect(iteration).resolves.toBe("ended");
    expect(iterated).toBe(0);
    const outcomes = await sends;
    const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(rejected.length).toBeGreaterThan(0);
    expect(outcomes.at(-1)).toMatchObject({ status: "rejected", reason: { code: "ENOTSOCK" } });
    // Sends are served in order: once one waited, every later one waited too.
    const firstRejected = outcomes.findIndex((outcome) => outcome.status === "rejected");
    expect(outcomes.slice(firstRejected).every((outcome) => outcome.status === "rejected")).toBe(true);
  });

  test("term() rejects pending operations with ETERM and resolves after the last close", async () => {
    const ctx = new zmq.Context();
    const sockets = Array.from({ length: 10 }, (_, i) => {
      const sock = ctx.socket(zmq.PULL);
      sock.bind(`inproc://term-${i}`);
      return sock;
    });
    const receives = sockets.map((sock) => sock.recv());
    let terminated = false;
    const terming = ctx.term().then(() => {
      terminated = true;
    });
    for (const receive of receives) await expect(receive).rejects.toMatchObject({ code: "ETERM" });
    for (const sock of sockets.slice(1)) sock.close();
    await turn();
    expect(terminated).toBe(false); // one socket is still open
    sockets[0].close();
    await terming;
    expect(terminated).toBe(true);
  });
});

test("a flooded socket does not starve timers", async () => {
  const ctx = new zmq.Context();
  const push = ctx.socket(zmq.PUSH);
  const pull = ctx.socket(zmq.PULL);
  push.setsockopt(zmq.SNDHWM, 0);
  pull.setsockopt(zmq.RCVHWM, 0);
  pull.bind("inproc://flood");
  push.connect("inproc://flood");
  const total = 20_000;
  await push.sendMany(Array.from({ length: total }, (_, i) => `${i}`));
  let consumed = 0;
  let consumedWhenTimerFired = -1;
  setTimeout(() => {
    consumedWhenTimerFired = consumed;
  }, 0);
  for await (const _ of pull) if (++consumed === total) break;
  expect(consumedWhenTimerFired).toBeGreaterThanOrEqual(0);
  expect(consumedWhenTimerFired).toBeLessThan(total);
  push.close();
  pull.close();
  await ctx.term();
});
