import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

describe.each(TRANSPORTS)("PAIR/PAIR over %s", (transport) => {
  const t = useTestContext();

  function pair(): [zmq.Socket, zmq.Socket] {
    const bound = t.socket(zmq.PAIR);
    const connected = t.socket(zmq.PAIR);
    bound.bind(bindEndpoint(transport));
    connected.connect(bound.lastEndpoint);
    return [bound, connected];
  }

  test("messages flow both ways, in order", async () => {
    const [bound, connected] = pair();
    for (let i = 0; i < 10; i++) {
      await connected.send(`ping ${i}`);
      expect((await bound.recv()).toString()).toBe(`ping ${i}`);
      await bound.send(`pong ${i}`);
      expect((await connected.recv()).toString()).toBe(`pong ${i}`);
    }
  });

  test("both sides send at once, multipart included, without lockstep", async () => {
    const [bound, connected] = pair();
    const count = 50;
    const sending = Promise.all([
      ...Array.from({ length: count }, (_, i) => bound.send(["from bound", `${i}`])),
      ...Array.from({ length: count }, (_, i) => connected.send(["from connected", `${i}`])),
    ]);
    const readAll = async (socket: zmq.Socket) => {
      const got: string[][] = [];
      for (let i = 0; i < count; i++) got.push((await socket.recvMultipart()).map(String));
      return got;
    };
    const [atBound, atConnected] = await Promise.all([readAll(bound), readAll(connected)]);
    await sending;
    expect(atBound).toEqual(Array.from({ length: count }, (_, i) => ["from connected", `${i}`]));
    expect(atConnected).toEqual(Array.from({ length: count }, (_, i) => ["from bound", `${i}`]));
  });

  test("the Guide's relay: a chain of PAIR steps signals from one to the next", async () => {
    const step1 = t.socket(zmq.PAIR);
    const step2in = t.socket(zmq.PAIR);
    const step2out = t.socket(zmq.PAIR);
    const step3 = t.socket(zmq.PAIR);
    step3.bind(bindEndpoint(transport));
    step2out.connect(step3.lastEndpoint);
    step2in.bind(bindEndpoint(transport));
    step1.connect(step2in.lastEndpoint);

    const relay = (async () => {
      const signal = await step2in.recv();
      await step2out.send(Buffer.concat([signal, Buffer.from(" via step 2")]));
    })();
    await step1.send("READY");
    expect((await step3.recv()).toString()).toBe("READY via step 2");
    await relay;
  });
});
