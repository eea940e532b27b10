// Interop with a peer no one here wrote: Debian's pyzmq, over tcp, both ways.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { runPython } from "./support/fixture-process";

const t = useTestContext();

test("our REQ talks to a pyzmq REP", async () => {
  const server = runPython("test/fixtures/pyzmq/rep_server.py", ["tcp://127.0.0.1:*", "3"]);
  const endpoint = (await server.line(/^ready /)).split(" ")[1];
  const req = t.socket(zmq.REQ);
  req.connect(endpoint);
  for (let i = 0; i < 3; i++) {
    await req.send(`Hello ${i}`);
    expect((await req.recv()).toString()).toBe(`World Hello ${i}`);
  }
  expect(await server.exit()).toEqual({ code: 0, signal: null });
  expect(server.lines.filter((line) => line.startsWith("request"))).toEqual([
    "request Hello 0",
    "request Hello 1",
    "request Hello 2",
  ]);
});

test("a pyzmq REQ talks to our REP", async () => {
  const rep = t.socket(zmq.REP);
  rep.bind("tcp://127.0.0.1:*");
  const client = runPython("test/fixtures/pyzmq/req_client.py", [rep.lastEndpoint, "3"]);
  for (let i = 0; i < 3; i++) {
    const request = (await rep.recv()).toString();
    expect(request).toBe(`Hello ${i}`);
    await rep.send(`World ${i}`);
  }
  expect(await client.exit()).toEqual({ code: 0, signal: null });
  expect(client.lines).toEqual(["reply World 0", "reply World 1", "reply World 2"]);
});

test("pyzmq PUB to our SUB, multipart and binary frames byte-exact", async () => {
  const publisher = runPython("test/fixtures/pyzmq/publisher.py", ["5"]);
  const [, pubEndpoint, controlEndpoint] = (await publisher.line(/^ready /)).split(" ");
  const sub = t.socket(zmq.SUB);
  sub.setsockopt(zmq.SUBSCRIBE, "A");
  sub.connect(pubEndpoint);
  // Subscriptions travel asynchronously: the Guide's node coordination. Once a probe got
  // through, say "go" over REQ/REP, and the real messages follow.
  const control = t.socket(zmq.REQ);
  control.connect(controlEndpoint);
  while ((await sub.recvMultipart())[1].toString() !== "probe");
  await control.send("go");
  await control.recv();
  const received: Buffer[][] = [];
  for await (const frames of sub) {
    if (frames[1].toString() === "probe") continue;
    received.push(frames);
    if (frames[1].toString() === "END") break;
  }
  expect(await publisher.exit()).toEqual({ code: 0, signal: null });
  expect(received.map((frames) => frames.map((frame) => frame.toString("hex")))).toEqual([
    ...Array.from({ length: 5 }, (_, i) =>
      ["A", `update ${i}`].map((text) => Buffer.from(text).toString("hex")).concat(Buffer.from([0, 255, i]).toString("hex")),
    ),
    [Buffer.from("A").toString("hex"), Buffer.from("END").toString("hex"), ""],
  ]);
});

test("our PUB to a pyzmq SUB, multipart and binary frames byte-exact", async () => {
  const pub = t.socket(zmq.PUB);
  pub.bind("tcp://127.0.0.1:*");
  const subscriber = runPython("test/fixtures/pyzmq/subscriber.py", [pub.lastEndpoint]);
  await subscriber.line(/^subscribed/);
  const binary = Buffer.from([0, 1, 254, 255]);
  // The slow joiner: publish until the subscriber shows it receives, then finish with END.
  // One update a millisecond: never a high-water mark's worth ahead of the reader.
  let sent = 0;
  while (subscriber.lines.length < 2) {
    await pub.send(["A", `update ${sent++}`, binary]);
    await pub.send(["B", "not subscribed"]);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await pub.send(["A", "END", binary]);
  expect(await subscriber.exit()).toEqual({ code: 0, signal: null });
  const frames = subscriber.lines.filter((line) => line.startsWith("frames "));
  expect(frames.at(-1)).toBe(`frames ${Buffer.from("A").toString("hex")} ${Buffer.from("END").toString("hex")} ${binary.toString("hex")}`);
  for (const line of frames) expect(line.split(" ")[1]).toBe(Buffer.from("A").toString("hex"));
});
