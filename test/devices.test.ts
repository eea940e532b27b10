import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

describe("devices and proxies", () => {
  const t = useTestContext();

  function queue(name: string): { front: zmq.Socket; back: zmq.Socket } {
    const front = t.socket(zmq.ROUTER);
    const back = t.socket(zmq.DEALER);
    front.bind(`inproc://${name}-front`);
    back.bind(`inproc://${name}-back`);
    return { front, back };
  }

  test("a QUEUE device carries requests and replies, and settles when the context ends", async () => {
    const ctx = new zmq.Context();
    const front = ctx.socket(zmq.ROUTER);
    const back = ctx.socket(zmq.DEALER);
    front.bind("inproc://q-front");
    back.bind("inproc://q-back");
    const device = zmq.device(zmq.QUEUE, front, back);
    const clients = Array.from({ length: 3 }, () => ctx.socket(zmq.REQ));
    const worker = ctx.socket(zmq.REP);
    worker.connect("inproc://q-back");
    for (const client of clients) client.connect("inproc://q-front");
    const serving = (async () => {
      for (let i = 0; i < clients.length; i++) {
        const request = await worker.recv();
        await worker.send(`re: ${request}`);
      }
    })();
    const replies = await Promise.all(
      clients.map(async (client, i) => {
        await client.send(`request ${i}`);
        return (await client.recv()).toString();
      }),
    );
    await serving;
    expect(replies).toEqual(["re: request 0", "re: request 1", "re: request 2"]);
    for (const sock of [...clients, worker]) sock.close();
    let settled = false;
    void device.then(() => (settled = true));
    const ending = ctx.term();
    await device;
    expect(settled).toBe(true);
    front.close();
    back.close();
    await ending;
  });

  test("while a device runs its sockets belong to it: JS use fails with EBUSY", async () => {
    const { front, back } = queue("busy");
    const device = zmq.proxy(front, back);
    expect(() => front.bind("inproc://more")).toThrow(expect.objectContaining({ code: "EBUSY" }));
    expect(() => back.getsockopt(zmq.LINGER)).toThrow(expect.objectContaining({ code: "EBUSY" }));
    expect(() => front.close()).toThrow(expect.objectContaining({ code: "EBUSY" }));
    await expect(front.send("x")).rejects.toMatchObject({ code: "EBUSY" });
    t.context.shutdown();
    await device;
    front.close(); // given back once the device settled
    expect(front.closed).toBe(true);
  });

  test("a STREAMER moves PUSH to PULL, a capture socket gets a copy of everything", async () => {
    const front = t.socket(zmq.PULL);
    const back = t.socket(zmq.PUSH);
    const capture = t.socket(zmq.PUSH);
    front.bind("inproc://s-front");
    back.bind("inproc://s-back");
    capture.bind("inproc://s-capture");
    const producer = t.socket(zmq.PUSH);
    const consumer = t.socket(zmq.PULL);
    const tap = t.socket(zmq.PULL);
    producer.connect("inproc://s-front");
    consumer.connect("inproc://s-back");
    tap.connect("inproc://s-capture");
    const device = zmq.proxy(front, back, capture);
    for (let i = 0; i < 5; i++) await producer.send(`job ${i}`);
    const jobs: string[] = [];
    const copies: string[] = [];
    for (let i = 0; i < 5; i++) jobs.push((await consumer.recv()).toString());
    for (let i = 0; i < 5; i++) copies.push((await tap.recv()).toString());
    expect(jobs).toEqual(["job 0", "job 1", "job 2", "job 3", "job 4"]);
    expect(copies).toEqual(jobs);
    t.context.shutdown();
    await device;
  });

  test("a steerable proxy answers STATISTICS and ends on TERMINATE", async () => {
    const { front, back } = queue("steer");
    const control = t.socket(zmq.REP);
    control.bind("inproc://steer-control");
    const steer = t.socket(zmq.REQ);
    steer.connect("inproc://steer-control");
    const client = t.socket(zmq.REQ);
    const worker = t.socket(zmq.REP);
    client.connect("inproc://steer-front");
    worker.connect("inproc://steer-back");
    const proxy = zmq.proxySteerable(front, back, null, control);
    await client.send("ping");
    await worker.send(await worker.recv());
    expect((await client.recv()).toString()).toBe("ping");
    await steer.send("STATISTICS");
    const stats = (await steer.recvMultipart()).map((frame) => frame.readBigUInt64LE(0));
    expect(stats).toHaveLength(8);
    expect(stats[0]).toBeGreaterThan(0n); // frontend messages in
    await steer.send("TERMINATE");
    await proxy;
    front.close(); // back in JavaScript's hands
  });

  test("device() refuses an unknown type and non-sockets", () => {
    const { front, back } = queue("bad");
    expect(() => zmq.device(12345, front, back)).toThrow(RangeError);
    expect(() => zmq.proxy(front, {} as never)).toThrow(TypeError);
    expect(() => zmq.proxy(front, front)).toThrow(TypeError);
  });
});
