// SERVER/CLIENT (draft API): each message a SERVER receives carries its client's routing id,
// and a reply sent with that id goes to that client alone. Both are thread-safe sockets,
// which libzmq gives no ZMQ_FD: their receives and sends wait on a zmq_poller's fd instead
// (native/thread_safe_signal.h), which these tests drive through every wait.
import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";
import { bindEndpoint, TRANSPORTS } from "../support/transports";

test("this run's addon has the draft API", () => {
  expect(zmq.has("draft")).toBe(true);
});

describe.each(TRANSPORTS)("SERVER/CLIENT over %s", (transport) => {
  const t = useTestContext();

  function pair(): [zmq.Socket, zmq.Socket] {
    const server = t.socket(zmq.SERVER);
    server.bind(bindEndpoint(transport));
    const client = t.socket(zmq.CLIENT);
    client.connect(server.lastEndpoint);
    return [server, client];
  }

  test("a request's routingId takes the reply back to its client, many times over", async () => {
    const [server, client] = pair();
    for (let i = 0; i < 200; i++) {
      // The receive waits first, so each round trip waits on both sockets' fds.
      const request = server.recvMsg();
      await client.send(`ping ${i}`);
      const msg = await request;
      expect(msg.toString()).toBe(`ping ${i}`);
      expect(msg.routingId).toBeGreaterThan(0);
      await server.send(`pong ${i}`, { routingId: msg.routingId });
      expect((await client.recv()).toString()).toBe(`pong ${i}`);
    }
  });

  test("each of several clients gets the replies to its own requests", async () => {
    const server = t.socket(zmq.SERVER);
    server.bind(bindEndpoint(transport));
    const clients = Array.from({ length: 3 }, () => {
      const client = t.socket(zmq.CLIENT);
      client.connect(server.lastEndpoint);
      return client;
    });
    const serving = (async () => {
      for (let n = 0; n < 3 * 5; n++) {
        const request = await server.recvMsg();
        // The received Message itself, sent back: its routing id goes with it.
        const reply = new zmq.Message(`reply to ${request.toString()}`);
        reply.routingId = request.routingId;
        await server.send(reply);
      }
    })();
    const replies = await Promise.all(
      clients.map(async (client, index) => {
        const got: string[] = [];
        for (let i = 0; i < 5; i++) {
          await client.send(`client ${index} #${i}`);
          got.push((await client.recv()).toString());
        }
        return got;
      }),
    );
    await serving;
    replies.forEach((got, index) => {
      expect(got).toEqual(Array.from({ length: 5 }, (_, i) => `reply to client ${index} #${i}`));
    });
  });

  test("a burst of messages all arrive, in order, through receives that wait", async () => {
    const [server, client] = pair();
    const count = 5000;
    const receiving = (async () => {
      const got: string[] = [];
      for (let i = 0; i < count; i++) got.push((await server.recv()).toString());
      return got;
    })();
    await Promise.all(Array.from({ length: count }, (_, i) => client.send(`m${i}`)));
    expect(await receiving).toEqual(Array.from({ length: count }, (_, i) => `m${i}`));
  });

  test("a Message whose bytes another holds is sent as a copy, with its routing id", async () => {
    const [server, client] = pair();
    await client.send("hello");
    const request = await server.recvMsg();
    const reply = new zmq.Message("reply");
    reply.routingId = request.routingId;
    const twin = reply.copy(); // the send must not hand over bytes the twin still shows
    await server.send(reply);
    expect((await client.recv()).toString()).toBe("reply");
    expect([twin.toString(), twin.routingId]).toEqual(["reply", request.routingId]);
  });

  test("a send to a routing id no client has fails with EHOSTUNREACH", async () => {
    const [server] = pair();
    await expect(server.send("lost", { routingId: 123456 })).rejects.toMatchObject({ code: "EHOSTUNREACH" });
  });
});

describe("SERVER/CLIENT, what holds on any transport", () => {
  const t = useTestContext();

  test("routingId and group are checked before anything is sent", () => {
    const client = t.socket(zmq.CLIENT);
    expect(() => client.trySend("x", { routingId: 0 })).toThrow(RangeError);
    expect(() => client.trySend("x", { routingId: 2 ** 32 })).toThrow(RangeError);
    expect(() => client.trySend("x", { routingId: "1" as unknown as number })).toThrow(TypeError);
    expect(() => client.trySend(["a", "b"], { routingId: 1 })).toThrow(TypeError);
    expect(() => new zmq.Message("x").routingId = 1.5).toThrow(RangeError);
  });

  test("a multipart send on a CLIENT is libzmq's EINVAL, not a crash", async () => {
    const client = t.socket(zmq.CLIENT);
    await expect(client.send(["a", "b"])).rejects.toMatchObject({ code: "EINVAL" });
  });

  test("zmq.poll waits on a SERVER's thread-safe fd until a message comes", async () => {
    const server = t.socket(zmq.SERVER);
    server.bind("inproc://poll-server");
    const client = t.socket(zmq.CLIENT);
    client.connect("inproc://poll-server");
    const items = [{ socket: server, events: zmq.POLLIN }];
    const polled = zmq.poll(items, -1);
    await client.send("wake");
    expect(await polled).toBe(1);
    expect((await server.recv()).toString()).toBe("wake");
  });

  test("a SERVER waiting for a message does not spin: the poller's signal is taken back", async () => {
    const server = t.socket(zmq.SERVER);
    server.bind("tcp://127.0.0.1:*");
    const client = t.socket(zmq.CLIENT);
    client.connect(server.lastEndpoint);
    // A round trip first: commands have reached the SERVER, so its fd was signalled.
    await client.send("first");
    expect((await server.recv()).toString()).toBe("first");
    const waiting = server.recv();
    const before = process.cpuUsage();
    // The interval measured, not a wait for anything: a watch left readable would be called
    // back on every turn of the event loop meanwhile, a whole core's worth of CPU time.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(100);
    await client.send("second");
    expect((await waiting).toString()).toBe("second");
  });

  test("a CLIENT waiting at its high-water mark sends once the SERVER takes messages", async () => {
    const server = t.socket(zmq.SERVER);
    server.setsockopt(zmq.RCVHWM, 2);
    server.bind("tcp://127.0.0.1:*");
    const client = t.socket(zmq.CLIENT);
    client.setsockopt(zmq.SNDHWM, 2);
    client.connect(server.lastEndpoint);
    const sends = Array.from({ length: 2000 }, (_, i) => client.send(`m${i}`));
    for (let i = 0; i < 2000; i++) expect((await server.recv()).toString()).toBe(`m${i}`);
    await Promise.all(sends);
  });
});
