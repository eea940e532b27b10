import { describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { bindEndpoint, TRANSPORTS } from "./support/transports";

const text = (frames: Buffer[]) => frames.map(String);

describe.each(TRANSPORTS)("ROUTER/DEALER over %s", (transport) => {
  const t = useTestContext();

  test("DEALER/ROUTER: the ROUTER sees the DEALER's ROUTING_ID and routes replies by it", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_MANDATORY, true);
    router.bind(bindEndpoint(transport));
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.ROUTING_ID, "A");
    expect(dealer.getsockopt(zmq.ROUTING_ID)).toEqual(Buffer.from("A"));
    dealer.connect(router.lastEndpoint);
    await dealer.send(["hello", "world"]);
    expect(text(await router.recvMultipart())).toEqual(["A", "hello", "world"]);
    await router.send(["A", "back", "again"]);
    expect(text(await dealer.recvMultipart())).toEqual(["back", "again"]);
  });

  test("the Guide's IDENTITY is ROUTING_ID", async () => {
    expect(zmq.IDENTITY).toBe(zmq.ROUTING_ID);
    const router = t.socket(zmq.ROUTER);
    router.bind(bindEndpoint(transport));
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.IDENTITY, Buffer.from([0x01, 0x02, 0xff]));
    expect(dealer.getsockopt(zmq.ROUTING_ID)).toEqual(Buffer.from([0x01, 0x02, 0xff]));
    dealer.connect(router.lastEndpoint);
    await dealer.send("binary id");
    const [identity, body] = await router.recvMultipart();
    expect(identity).toEqual(Buffer.from([0x01, 0x02, 0xff]));
    expect(body.toString()).toBe("binary id");
  });

  test("a ROUTER answers several DEALERs, each only with what was addressed to it", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_MANDATORY, true);
    router.bind(bindEndpoint(transport));
    const names = ["w1", "w2", "w3"];
    const dealers = names.map((name) => {
      const dealer = t.socket(zmq.DEALER);
      dealer.setsockopt(zmq.ROUTING_ID, name);
      dealer.connect(router.lastEndpoint);
      return dealer;
    });
    // The router can address a dealer once that dealer's first message is in.
    await Promise.all(dealers.map((dealer, i) => dealer.send(`ready ${names[i]}`)));
    const seen = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      const [identity, body] = text(await router.recvMultipart());
      expect(body).toBe(`ready ${identity}`);
      seen.add(identity);
    }
    expect(seen).toEqual(new Set(names));
    for (let round = 0; round < 3; round++) {
      for (const name of [...names].reverse()) await router.send([name, `${name} job ${round}`]);
    }
    const received = await Promise.all(
      dealers.map(async (dealer) => {
        const got: string[] = [];
        for (let round = 0; round < 3; round++) got.push((await dealer.recv()).toString());
        return got;
      }),
    );
    expect(received).toEqual(names.map((name) => [0, 1, 2].map((round) => `${name} job ${round}`)));
  });

  test("ROUTER_MANDATORY: sending to an unknown identity rejects with EHOSTUNREACH", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_MANDATORY, true);
    router.bind(bindEndpoint(transport));
    await expect(router.send(["nobody", "lost"])).rejects.toMatchObject({
      name: "ZmqError",
      code: "EHOSTUNREACH",
    });
    // Without ROUTER_MANDATORY the same message is silently dropped.
    const lax = t.socket(zmq.ROUTER);
    lax.bind(bindEndpoint(transport));
    await expect(lax.send(["nobody", "lost"])).resolves.toBeUndefined();
  });

  test("ROUTER_MANDATORY: a send to a peer at its high-water mark waits for room", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_MANDATORY, true);
    router.setsockopt(zmq.SNDHWM, 2);
    router.bind(bindEndpoint(transport));
    const dealer = t.socket(zmq.DEALER);
    dealer.setsockopt(zmq.ROUTING_ID, "slow");
    dealer.setsockopt(zmq.RCVHWM, 2);
    dealer.connect(router.lastEndpoint);
    await dealer.send("ready");
    expect(text(await router.recvMultipart())).toEqual(["slow", "ready"]);
    // Far more than both queues hold: libzmq answers EAGAIN, and send must wait, not fail.
    const count = 200;
    const sending = Array.from({ length: count }, (_, i) => router.send(["slow", `${i}`]));
    for (let i = 0; i < count; i++) expect((await dealer.recv()).toString()).toBe(`${i}`);
    await Promise.all(sending);
  });

  test("DEALER/DEALER: both directions, asynchronously and multipart", async () => {
    const bound = t.socket(zmq.DEALER);
    const connected = t.socket(zmq.DEALER);
    bound.bind(bindEndpoint(transport));
    connected.connect(bound.lastEndpoint);
    // No lockstep: several messages out each way before any is read.
    const sending = [
      ...[0, 1, 2].map((i) => connected.send(["up", `${i}`])),
      ...[0, 1, 2].map((i) => bound.send(["down", `${i}`, ""])),
    ];
    for (let i = 0; i < 3; i++) expect(text(await bound.recvMultipart())).toEqual(["up", `${i}`]);
    for (let i = 0; i < 3; i++) {
      expect(text(await connected.recvMultipart())).toEqual(["down", `${i}`, ""]);
    }
    await Promise.all(sending);
  });

  test("ROUTER/ROUTER: the bound ROUTING_ID names the server to the connecting side", async () => {
    const server = t.socket(zmq.ROUTER);
    server.setsockopt(zmq.ROUTING_ID, "server");
    server.setsockopt(zmq.ROUTER_MANDATORY, true);
    server.bind(bindEndpoint(transport));
    const client = t.socket(zmq.ROUTER);
    client.setsockopt(zmq.ROUTING_ID, "client");
    client.setsockopt(zmq.ROUTER_MANDATORY, true);
    // Neither side may send before the connection is up: PROBE_ROUTER makes the client
    // announce itself with an empty message as soon as it is.
    client.setsockopt(zmq.PROBE_ROUTER, true);
    client.connect(server.lastEndpoint);
    expect(text(await server.recvMultipart())).toEqual(["client", ""]);
    await server.send(["client", "welcome"]);
    // The client knows the server by the ROUTING_ID it bound with.
    expect(text(await client.recvMultipart())).toEqual(["server", "welcome"]);
    await client.send(["server", "thanks"]);
    expect(text(await server.recvMultipart())).toEqual(["client", "thanks"]);
  });

  test("ROUTER/ROUTER: CONNECT_ROUTING_ID names the peer on the connecting side", async () => {
    const server = t.socket(zmq.ROUTER);
    server.setsockopt(zmq.ROUTER_MANDATORY, true);
    server.bind(bindEndpoint(transport));
    const client = t.socket(zmq.ROUTER);
    client.setsockopt(zmq.ROUTING_ID, "client");
    client.setsockopt(zmq.ROUTER_MANDATORY, true);
    client.setsockopt(zmq.PROBE_ROUTER, true);
    client.setsockopt(zmq.CONNECT_ROUTING_ID, "my-server");
    client.connect(server.lastEndpoint);
    expect(text(await server.recvMultipart())).toEqual(["client", ""]);
    await server.send(["client", "hi"]);
    expect(text(await client.recvMultipart())).toEqual(["my-server", "hi"]);
    await client.send(["my-server", "hi yourself"]);
    expect(text(await server.recvMultipart())).toEqual(["client", "hi yourself"]);
  });

  test("the Guide's identity example: a REQ's identity shows in the ROUTER envelope", async () => {
    const sink = t.socket(zmq.ROUTER);
    sink.bind(bindEndpoint(transport));

    const anonymous = t.socket(zmq.REQ);
    anonymous.connect(sink.lastEndpoint);
    await anonymous.send("ROUTER uses a generated 5 byte identity");
    const [generated, empty1, body1] = await sink.recvMultipart();
    expect(generated.length).toBe(5);
    expect(generated[0]).toBe(0); // libzmq's generated ids start with a zero byte
    expect(empty1.length).toBe(0);
    expect(body1.toString()).toBe("ROUTER uses a generated 5 byte identity");

    const identified = t.socket(zmq.REQ);
    identified.setsockopt(zmq.IDENTITY, "PEER2");
    identified.connect(sink.lastEndpoint);
    await identified.send("ROUTER socket uses REQ's socket identity");
    expect(text(await sink.recvMultipart())).toEqual([
      "PEER2",
      "",
      "ROUTER socket uses REQ's socket identity",
    ]);
  });
});

// Over inproc a peer's queue fills after a couple of messages; over ipc or tcp the kernel's
// buffers would first take megabytes. What is tested is how a send waits, not the transport.
describe("ROUTER waiting to send, over inproc", () => {
  const t = useTestContext();

  test("a send waiting for one full peer does not busy-wait while another peer has room", async () => {
    const router = t.socket(zmq.ROUTER);
    router.setsockopt(zmq.ROUTER_MANDATORY, true);
    router.setsockopt(zmq.SNDHWM, 1);
    router.bind(bindEndpoint("inproc"));
    const dealers = ["full", "idle"].map((name) => {
      const dealer = t.socket(zmq.DEALER);
      dealer.setsockopt(zmq.ROUTING_ID, name);
      dealer.setsockopt(zmq.RCVHWM, 1);
      dealer.connect(router.lastEndpoint);
      return dealer;
    });
    for (const dealer of dealers) await dealer.send("ready");
    for (let i = 0; i < dealers.length; i++) await router.recvMultipart();
    // "full" does not read yet, so these sends fill its queue and then wait. libzmq still
    // reports the ROUTER writable (the "idle" peer has room), but a send to "full" gets EAGAIN.
    const count = 50;
    let sent = 0;
    const sending = Promise.allSettled(
      Array.from({ length: count }, (_, i) => router.send(["full", `${i}`]).then(() => void sent++)),
    );
    // Nothing happens while they wait, so there is no event to await: watch the process over
    // a fixed window instead. Waiting costs next to no CPU; a retry loop costs a whole core.
    const window = 200;
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, window));
    const used = process.cpuUsage(before);
    expect(sent).toBeLessThan(count); // the sends really were waiting
    expect((used.user + used.system) / 1000).toBeLessThan(window / 2);
    // The waiting sends still complete, in order, once the peer reads.
    for (let i = 0; i < count; i++) expect((await dealers[0].recv()).toString()).toBe(`${i}`);
    expect((await sending).filter((result) => result.status === "rejected")).toEqual([]);
  });
});
