import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

describe.each(TRANSPORTS)("PUSH/PULL over %s", (transport) => {
  const t = useTestContext();

  test("delivers messages in order", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.bind(bindEndpoint(transport));
    pull.connect(push.lastEndpoint);
    const sent = Array.from({ length: 100 }, (_, i) => `message ${i}`);
    const sending = Promise.all(sent.map((text) => push.send(text)));
    const received: string[] = [];
    for (let i = 0; i < sent.length; i++) received.push((await pull.recv()).toString());
    await sending;
    expect(received).toEqual(sent);
  });

  test("spreads messages over several PULL sockets", async () => {
    const push = t.socket(zmq.PUSH);
    const pulls = [t.socket(zmq.PULL), t.socket(zmq.PULL)];
    push.bind(bindEndpoint(transport));
    for (const pull of pulls) pull.connect(push.lastEndpoint);
    const counts = [0, 0];
    const readers = pulls.map(async (pull, index) => {
      for await (const _ of pull) counts[index]++;
    });
    // Send until both workers have had work: the second connects a little later.
    let sent = 0;
    while (counts[0] === 0 || counts[1] === 0) {
      await push.send(`task ${sent++}`);
      if (sent % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < 100; i++) await push.send(`task ${sent++}`);
    // Everything sent arrives somewhere: wait for the total, then end the readers.
    while (counts[0] + counts[1] < sent) await new Promise((resolve) => setImmediate(resolve));
    for (const pull of pulls) pull.close();
    await Promise.all(readers);
    expect(counts[0] + counts[1]).toBe(sent);
    expect(Math.min(...counts)).toBeGreaterThan(10);
  });

  test("the batch path: sendMany and recvMany move many messages, in order", async () => {
    const push = t.socket(zmq.PUSH);
    const pull = t.socket(zmq.PULL);
    push.setsockopt(zmq.SNDHWM, 100); // smaller than the batch: sendMany must wait and resume
    pull.setsockopt(zmq.RCVHWM, 100);
    push.bind(bindEndpoint(transport));
    pull.connect(push.lastEndpoint);
    // More than one call into the addon takes (SEND_MANY_CHUNK, 1024), and far more than the HWM.
    const messages = Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? [`${i}`, "more"] : `${i}`));
    const sending = push.sendMany(messages);
    const received: string[][] = [];
    while (received.length < messages.length) {
      const batch = await pull.recvMany(64);
      expect(batch.length).toBeGreaterThan(0);
      expect(batch.length).toBeLessThanOrEqual(64);
      received.push(...batch.map((frames) => frames.map(String)));
    }
    await sending;
    expect(received).toEqual(messages.map((message) => (Array.isArray(message) ? message : [message])));
  });
});
