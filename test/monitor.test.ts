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
