import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the high-water mark", () => {
  const t = useTestContext();

  test("PUB drops what a slow subscriber cannot take, and never blocks", async () => {
    const pub = t.socket(zmq.PUB);
    const sub = t.socket(zmq.SUB);
    pub.setsockopt(zmq.SNDHWM, 10);
    sub.setsockopt(zmq.RCVHWM, 10);
    sub.setsockopt(zmq.SUBSCRIBE, "");
    pub.bind("inproc://hwm-pub");
    sub.connect("inproc://hwm-pub");
    const sent = 1000;
    for (let i = 0; i < sent; i++) expect(pub.trySend(`${i}`)).toBe(true);
    let received = 0;
    while (sub.tryRecv() !== null) received++;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(sent);
  });

  test("PUSH waits at the mark, and goes on when the peer reads", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.setsockopt(zmq.SNDHWM, 1);
    pull.setsockopt(zmq.RCVHWM, 1);
    pull.bind("inproc://hwm-push");
    push.connect("inproc://hwm-push");
    let accepted = 0;
    while (push.trySend(`${accepted}`)) accepted++;
    expect(accepted).toBeGreaterThan(0);
    await expect(push.send("x", zmq.DONTWAIT)).rejects.toMatchObject({ code: "EAGAIN" });
    let done = false;
    const waiting = push.send("waiting").then(() => {
      done = true;
    });
    for (let i = 0; i < 5; i++) await turn();
    expect(done).toBe(false);
    for (let i = 0; i < accepted; i++) expect((await pull.recv()).toString()).toBe(`${i}`);
    await waiting;
    expect(done).toBe(true);
    expect((await pull.recv()).toString()).toBe("waiting");
  });
});
