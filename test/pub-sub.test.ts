import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

// A topic no test publishes on its own: the subscribers' handshake with the publisher.
const SYNC = "\u0001sync";
const SYNC_DONE = "\u0001sync-done";


/**
 * SUB joins late (the Guide's "slow joiner"): whatever PUB sends before a subscription has
 * reached it is dropped. Publish probes until every subscriber has received one; from then on
 * each subscription is in place and delivery is ordered, so a final marker tells each
 * subscriber that no probe is left in flight. Afterwards only the test's own topics remain.
 */
async function syncSubscribers(pub: zmq.Socket, subs: zmq.Socket[]): Promise<void> {
  for (const sub of subs) sub.setsockopt(zmq.SUBSCRIBE, SYNC);
  let waiting = subs.length;
  const firsts = subs.map((sub) => sub.recv().then(() => void waiting--));
  // Nothing tells PUB that a subscription arrived, so probe until one gets through: one
  // probe a millisecond, so that a loaded machine cannot pile up a high-water mark's worth
  // of probes before the first is read, which would make PUB drop SYNC_DONE below.
  while (waiting > 0) {
    await pub.send(SYNC);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(firsts);
  await pub.send(SYNC_DONE);
  for (const sub of subs) {
    for (;;) {
      const frame = (await sub.recv()).toString();
      if (frame === SYNC_DONE) break;
      expect(frame).toBe(SYNC);
    }
    sub.setsockopt(zmq.UNSUBSCRIBE, SYNC);
  }
}

/** Every message's first frame as text until (and without) the one equal to `end`. */
async function receiveUntil(sub: zmq.Socket, end: string): Promise<string[]> {
  const received: string[] = [];
  for (;;) {
    const [first] = await sub.recvMultipart();
    const text = first.toString();
    if (text === end) return received;
    received.push(text);
  }
}

describe.each(TRANSPORTS)("PUB/SUB over %s", (transport) => {
  const t = useTestContext();

  function pair(): { pub: zmq.Socket; sub: zmq.Socket } {
    const pub = t.socket(zmq.PUB);
    const sub = t.socket(zmq.SUB);
    pub.bind(bindEndpoint(transport));
    sub.connect(pub.lastEndpoint);
    return { pub, sub };
  }

  test("a subscriber to everything gets every message, in order", async () => {
    const { pub, sub } = pair();
    sub.setsockopt(zmq.SUBSCRIBE, "");
    await syncSubscribers(pub, [sub]);
    const sent = Array.from({ length: 50 }, (_, i) => `update ${i}`);
    for (const text of sent) await pub.send(text);
    await pub.send("end");
    expect(await receiveUntil(sub, "end")).toEqual(sent);
  });

  test("delivers only messages whose first frame starts with a subscribed prefix", async () => {
    const { pub, sub } = pair();
    sub.setsockopt(zmq.SUBSCRIBE, "10001 ");
    await syncSubscribers(pub, [sub]);
    for (const text of ["10001 hot", "10002 cold", "1000", "10001", "x10001 ", "10001 warm"]) {
      await pub.send(text);
    }
    await pub.send("10001 end");
    expect(await receiveUntil(sub, "10001 end")).toEqual(["10001 hot", "10001 warm"]);
  });

  test("filters on the first frame of a multipart message only, and binary prefixes match", async () => {
    const { pub, sub } = pair();
    const binaryTopic = Buffer.from([0x00, 0xff, 0x10]);
    sub.setsockopt(zmq.SUBSCRIBE, "news");
    sub.setsockopt(zmq.SUBSCRIBE, binaryTopic);
    await syncSubscribers(pub, [sub]);
    await pub.send(["sports", "news at eleven"]); // the topic is in the second frame: dropped
    await pub.send(["news", "body"]);
    await pub.send([Buffer.from([0x00, 0xff, 0x10, 0x01]), "binary"]);
    await pub.send([Buffer.from([0x00, 0xfe]), "other binary"]);
    await pub.send("news-end");
    const messages: Buffer[][] = [];
    for (;;) {
      const frames = await sub.recvMultipart();
      if (frames[0].toString() === "news-end") break;
      messages.push(frames);
    }
    expect(messages).toEqual([
      [Buffer.from("news"), Buffer.from("body")],
      [Buffer.from([0x00, 0xff, 0x10, 0x01]), Buffer.from("binary")],
    ]);
  });

  test("unsubscribe stops one topic and keeps the others", async () => {
    const { pub, sub } = pair();
    sub.setsockopt(zmq.SUBSCRIBE, "A");
    sub.setsockopt(zmq.SUBSCRIBE, "B");
    await syncSubscribers(pub, [sub]);
    await pub.send("A1");
    await pub.send("B1");
    expect(await receiveUntil(sub, "B1")).toEqual(["A1"]);

    sub.setsockopt(zmq.UNSUBSCRIBE, "A");
    // Delivery from one publisher is ordered, so anything of topic A that got through
    // would arrive before the B marker.
    for (const text of ["A2", "B2", "A3", "B3"]) await pub.send(text);
    await pub.send("B-end");
    expect(await receiveUntil(sub, "B-end")).toEqual(["B2", "B3"]);
  });

  test("a topic subscribed twice needs two unsubscribes", async () => {
    const { pub, sub } = pair();
    sub.setsockopt(zmq.SUBSCRIBE, "T");
    sub.setsockopt(zmq.SUBSCRIBE, "T");
    sub.setsockopt(zmq.SUBSCRIBE, "end");
    await syncSubscribers(pub, [sub]);
    sub.setsockopt(zmq.UNSUBSCRIBE, "T");
    await pub.send("T1"); // still subscribed once
    await pub.send("end");
    expect(await receiveUntil(sub, "end")).toEqual(["T1"]);
    sub.setsockopt(zmq.UNSUBSCRIBE, "T");
    await pub.send("T2");
    await pub.send("end");
    expect(await receiveUntil(sub, "end")).toEqual([]);
  });

  test("several subscribers each get what they subscribed to", async () => {
    const pub = t.socket(zmq.PUB);
    pub.bind(bindEndpoint(transport));
    const subscriptions = ["weather", "sports", ""];
    const subs = subscriptions.map((topic) => {
      const sub = t.socket(zmq.SUB);
      sub.connect(pub.lastEndpoint);
      sub.setsockopt(zmq.SUBSCRIBE, topic);
      sub.setsockopt(zmq.SUBSCRIBE, "end");
      return sub;
    });
    await syncSubscribers(pub, subs);
    const sent = ["weather sunny", "sports 2-1", "traffic jam", "weather rain", "sports 0-0"];
    for (const text of sent) await pub.send(text);
    await pub.send("end");
    const received = await Promise.all(subs.map((sub) => receiveUntil(sub, "end")));
    expect(received).toEqual([
      ["weather sunny", "weather rain"],
      ["sports 2-1", "sports 0-0"],
      sent,
    ]);
  });

  test("a bound SUB receives from several connecting publishers", async () => {
    const sub = t.socket(zmq.SUB);
    sub.bind(bindEndpoint(transport));
    sub.setsockopt(zmq.SUBSCRIBE, "");
    const pubs = [t.socket(zmq.PUB), t.socket(zmq.PUB)];
    // One publisher at a time, so that the probes the sub sees come from the one syncing.
    for (const pub of pubs) {
      pub.connect(sub.lastEndpoint);
      await syncSubscribers(pub, [sub]);
    }
    const sending = pubs.map(async (pub, index) => {
      for (let i = 0; i < 10; i++) await pub.send([`pub${index}`, `${i}`]);
    });
    const received = new Map<string, string[]>();
    for (let n = 0; n < 20; n++) {
      const [from, body] = (await sub.recvMultipart()).map(String);
      received.set(from, [...(received.get(from) ?? []), body]);
    }
    await Promise.all(sending);
    const expected = Array.from({ length: 10 }, (_, i) => `${i}`);
    expect(Object.fromEntries(received)).toEqual({ pub0: expected, pub1: expected });
  });

  test("PUB never blocks and SUB cannot send", async () => {
    const { pub, sub } = pair();
    // No subscriber has subscribed: PUB drops the message and still resolves.
    await pub.send("nobody listens");
    expect(pub.trySend("nobody listens either")).toBe(true);
    await expect(sub.send("up")).rejects.toMatchObject({ code: "ENOTSUP" });
  });
});
