import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

describe.each(TRANSPORTS)("REQ/REP over %s", (transport) => {
  const t = useTestContext();

  /** A REP that answers each request with "reply to <request>" until its socket closes. */
  function echoServer(rep: zmq.Socket): Promise<void> {
    return (async () => {
      for await (const [request] of rep) await rep.send(`reply to ${request}`);
    })();
  }

  test("round trips: each request gets its own reply", async () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.bind(bindEndpoint(transport));
    req.connect(rep.lastEndpoint);
    const serving = echoServer(rep);
    for (let i = 0; i < 20; i++) {
      await req.send(`hello ${i}`);
      expect((await req.recv()).toString()).toBe(`reply to hello ${i}`);
      expect(req.more).toBe(false);
    }
    rep.close();
    await serving;
  });

  test("a REP serves several REQ clients, each gets the reply to its own request", async () => {
    const rep = t.socket(zmq.REP);
    rep.bind(bindEndpoint(transport));
    const clients = Array.from({ length: 3 }, () => {
      const req = t.socket(zmq.REQ);
      req.connect(rep.lastEndpoint);
      return req;
    });
    const serving = echoServer(rep);
    const replies = await Promise.all(
      clients.map(async (req, index) => {
        const got: string[] = [];
        for (let i = 0; i < 5; i++) {
          await req.send(`client ${index} #${i}`);
          got.push((await req.recv()).toString());
        }
        return got;
      }),
    );
    replies.forEach((got, index) => {
      expect(got).toEqual(Array.from({ length: 5 }, (_, i) => `reply to client ${index} #${i}`));
    });
    rep.close();
    await serving;
  });

  test("multipart requests and replies keep their frames", async () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.bind(bindEndpoint(transport));
    req.connect(rep.lastEndpoint);
    await req.send(["part 1", "", "part 3"]);
    expect((await rep.recvMultipart()).map(String)).toEqual(["part 1", "", "part 3"]);
    await rep.send(["a", "b"]);
    expect((await req.recvMultipart()).map(String)).toEqual(["a", "b"]);
  });

  test("REQ/ROUTER: ROUTER sees [identity, '', body] and replies through the envelope", async () => {
    const router = t.socket(zmq.ROUTER);
    const req = t.socket(zmq.REQ);
    router.bind(bindEndpoint(transport));
    req.connect(router.lastEndpoint);
    await req.send("ping");
    const [identity, delimiter, body, ...rest] = await router.recvMultipart();
    // An anonymous peer gets libzmq's generated routing id: a zero byte and a 32-bit number.
    expect(identity.length).toBe(5);
    expect(identity[0]).toBe(0);
    expect(delimiter.length).toBe(0);
    expect(body.toString()).toBe("ping");
    expect(rest).toEqual([]);
    await router.send([identity, "", "pong"]);
    expect((await req.recvMultipart()).map(String)).toEqual(["pong"]);
  });

  test("ROUTER tells several REQ clients apart and answers each through its envelope", async () => {
    const router = t.socket(zmq.ROUTER);
    router.bind(bindEndpoint(transport));
    const clients = ["alpha", "beta", "gamma"].map((name) => {
      const req = t.socket(zmq.REQ);
      req.connect(router.lastEndpoint);
      return { name, req };
    });
    for (const { name, req } of clients) await req.send(name);
    const envelopes = new Map<string, Buffer>();
    for (let i = 0; i < clients.length; i++) {
      const [identity, delimiter, body] = await router.recvMultipart();
      expect(delimiter.length).toBe(0);
      envelopes.set(body.toString(), identity);
    }
    expect(new Set([...envelopes.values()].map((id) => id.toString("hex"))).size).toBe(3);
    // Reply in the reverse order: routing, not arrival order, decides who gets what.
    for (const { name } of [...clients].reverse()) {
      await router.send([envelopes.get(name)!, "", `hello ${name}`]);
    }
    for (const { name, req } of clients) expect((await req.recv()).toString()).toBe(`hello ${name}`);
  });

  test("DEALER/REP: DEALER sends ['', body] and gets ['', reply]", async () => {
    const rep = t.socket(zmq.REP);
    const dealer = t.socket(zmq.DEALER);
    rep.bind(bindEndpoint(transport));
    dealer.connect(rep.lastEndpoint);
    // A DEALER may have several requests out at once; REP answers them in turn.
    for (let i = 0; i < 3; i++) await dealer.send(["", `request ${i}`]);
    for (let i = 0; i < 3; i++) {
      expect((await rep.recvMultipart()).map(String)).toEqual([`request ${i}`]);
      await rep.send(`reply ${i}`);
    }
    for (let i = 0; i < 3; i++) {
      expect((await dealer.recvMultipart()).map(String)).toEqual(["", `reply ${i}`]);
    }
  });

  test("REQ sending twice without a recv rejects with EFSM and stays usable", async () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.bind(bindEndpoint(transport));
    req.connect(rep.lastEndpoint);
    await req.send("first");
    const error = await req.send("second").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(zmq.ZmqError);
    expect(error).toMatchObject({ code: "EFSM" });
    expect(typeof (error as zmq.ZmqError).errno).toBe("number");
    // The failed send changed nothing: the first request is answered as usual.
    expect((await rep.recv()).toString()).toBe("first");
    await rep.send("answer");
    expect((await req.recv()).toString()).toBe("answer");
    await req.send("third");
    expect((await rep.recv()).toString()).toBe("third");
  });

  test("REQ receiving before sending, REP sending before receiving, and trySend out of turn fail with EFSM", async () => {
    const rep = t.socket(zmq.REP);
    const req = t.socket(zmq.REQ);
    rep.bind(bindEndpoint(transport));
    req.connect(rep.lastEndpoint);
    await expect(req.recv()).rejects.toMatchObject({ name: "ZmqError", code: "EFSM" });
    await expect(rep.send("unasked")).rejects.toMatchObject({ name: "ZmqError", code: "EFSM" });
    // The synchronous form throws the same error.
    await req.send("asked");
    expect(() => req.trySend("again")).toThrow(expect.objectContaining({ code: "EFSM" }));
    // Take the request, so that nothing is left queued when the sockets close.
    expect((await rep.recv()).toString()).toBe("asked");
  });
});
