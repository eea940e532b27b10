import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

const t = useTestContext();

test("monitor reports events with name, endpoint and value, as iterable and emitter", async () => {
  const rep = t.socket(zmq.REP);
  const monitor = rep.monitor();
  const listening = new Promise<zmq.MonitorEvent>((resolve) => monitor.once("LISTENING", resolve));
  rep.bind("tcp://127.0.0.1:*");
  expect(await listening).toMatchObject({ event: zmq.EVENT_LISTENING, name: "LISTENING", endpoint: rep.lastEndpoint });
  const req = t.socket(zmq.REQ);
  req.connect(rep.lastEndpoint);
  await req.send("x");
  await rep.recv();
  const names: string[] = [];
  for await (const event of monitor) {
    names.push(event.name);
    if (event.name === "HANDSHAKE_SUCCEEDED") break;
  }
  expect(names).toContain("ACCEPTED");
});

test("a monitor ends when its socket is closed", async () => {
  const sock = t.socket(zmq.PULL);
  const monitor = sock.monitor();
  const ended = new Promise((resolve) => monitor.once("end", resolve));
  sock.bind("inproc://monitored");
  sock.close();
  await ended;
  const rest: zmq.MonitorEvent[] = [];
  for await (const event of monitor) rest.push(event);
  expect(rest.every((event) => typeof event.name === "string")).toBe(true);
});

test("a monitor keeps at most 1,000 events for an iteration, the newest, however many it had", async () => {
  const sock = t.socket(zmq.PULL);
  const monitor = sock.monitor(zmq.EVENT_LISTENING | zmq.EVENT_CLOSED);
  let seen = 0;
  let last: zmq.MonitorEvent | undefined;
  monitor.on("event", (event: zmq.MonitorEvent) => {
    seen++;
    last = event;
  });
  // 1,400 events in rounds of 200, each round read before the next (libzmq's own queue of
  // them holds 1,000).
  for (let round = 1; round <= 7; round++) {
    for (let i = 0; i < 100; i++) {
      sock.bind("tcp://127.0.0.1:*");
      sock.unbind(sock.lastEndpoint);
    }
    while (seen < round * 200) await new Promise((resolve) => setImmediate(resolve));
  }
  const kept: zmq.MonitorEvent[] = [];
  const iterator = monitor.events({ timeout: 100 });
  for (;;) {
    try {
      kept.push((await iterator.next()).value as zmq.MonitorEvent);
    } catch (error) {
      expect(error).toMatchObject({ code: "EAGAIN" }); // none left
      break;
    }
  }
  expect(kept).toHaveLength(1000);
  expect(kept.at(-1)).toBe(last);
});
