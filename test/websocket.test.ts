// The WebSocket transport (ws://, ZWS 2.0) against a peer no one here wrote: jszmq, a ZeroMQ
// in plain JavaScript over the `ws` package, both ways: jszmq connecting to our ws:// binds,
// and ours connecting to jszmq's (bound on an http server of the test's own).
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as jszmq from "jszmq";
import { afterEach, describe, expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { within } from "./support/fixture-process";

const t = useTestContext();

interface JsSocket {
  connect(address: string): void;
  bind(address: string, server?: Server): void;
  send(message: (Buffer | string)[] | Buffer | string): void;
  on(event: "message", listener: (...frames: Buffer[]) => void): unknown;
  close(): void;
}

const jsSockets: JsSocket[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const socket of jsSockets.splice(0)) socket.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A jszmq socket, closed after the test, whose messages wait in order in `next()`. */
function jsSocket<T extends JsSocket>(socket: T): T & { next(what?: string): Promise<Buffer[]> } {
  jsSockets.push(socket);
  const queue: Buffer[][] = [];
  let wake: (() => void) | undefined;
  socket.on("message", (...frames) => {
    queue.push(frames);
    wake?.();
  });
  const next = async (what = "a message at the jszmq socket") => {
    while (queue.length === 0) await within(new Promise<void>((resolve) => (wake = resolve)), what);
    return queue.shift()!;
  };
  return Object.assign(socket, { next });
}

/**
 * An http server on a free port of 127.0.0.1 for jszmq to bind on. libzmq offers the
 * subprotocols "ZWS2.0/NULL,ZWS2.0" (ws_engine.cpp) and, where the server picks ZWS2.0/NULL,
 * begins the NULL handshake of ZMTP; jszmq's server takes whichever comes first (the `ws`
 * package's default) yet speaks only bare ZWS2.0. So this server offers jszmq only the
 * ZWS2.0 that libzmq also offers: libzmq then runs as it would with a ZWS2.0-only server.
 */
async function serverForJszmq(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, port: (server.address() as AddressInfo).port };
}
function offerJszmqOnlyZws2(server: Server): void {
  server.prependListener("upgrade", (request: IncomingMessage) => {
    const offered = String(request.headers["sec-websocket-protocol"] ?? "").split(",");
    request.headers["sec-websocket-protocol"] = offered.map((name) => name.trim()).filter((name) => name === "ZWS2.0").join(",");
  });
}

/** Frames that make a copy or an encoding show: every byte value, an empty frame, 1 MiB. */
function hardFrames(round: number): Buffer[] {
  const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => (i + round) & 0xff));
  const large = Buffer.alloc(1 << 20);
  for (let i = 0; i < large.length; i += 4096) large.writeUInt32LE(i ^ round, i);
  return [Buffer.from(`round ${round}`), everyByte, Buffer.alloc(0), large];
}

/** The frames as short text: vitest's own deep equality walks a 1 MiB Buffer byte by byte. */
function digest(frames: Buffer[]): string[] {
  return frames.map((frame) => `${frame.length}:${createHash("sha256").update(frame).digest("hex").slice(0, 16)}`);
}

/** Binds `socket` on a free ws:// port of 127.0.0.1 and gives the endpoint to connect to. */
function bindWs(socket: zmq.Socket): string {
  socket.bind("ws://127.0.0.1:*");
  expect(socket.lastEndpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
  return socket.lastEndpoint;
}

describe("jszmq connects to a zmq-napi ws:// bind", () => {
  test("jszmq REQ, our REP: round trips of multipart, binary and 1 MiB frames", async () => {
    const rep = t.socket(zmq.REP);
    const req = jsSocket(new jszmq.Req());
    req.connect(bindWs(rep));
    for (let round = 0; round < 4; round++) {
      const request = hardFrames(round);
      req.send(request);
      expect(digest(await within(rep.recvMultipart(), "the request at our REP"))).toEqual(digest(request));
      const reply = [Buffer.from(`reply ${round}`), ...request.slice(1).reverse()];
      await rep.send(reply);
      expect(digest(await req.next("the reply at jszmq's REQ"))).toEqual(digest(reply));
    }
  });

  test("jszmq PUSH, our PULL: messages arrive whole and in order", async () => {
    const pull = t.socket(zmq.PULL);
    const push = jsSocket(new jszmq.Push());
    push.connect(bindWs(pull));
    const sent = Array.from({ length: 20 }, (_, i) => [Buffer.from(`job ${i}`), Buffer.from([i, 0, 255 - i])]);
    for (const message of sent) push.send(message);
    for (const message of sent) expect(await within(pull.recvMultipart(), "a job at our PULL")).toEqual(message);
  });

  test("our PUB, jszmq SUB: jszmq's subscription filters what our PUB sends", async () => {
    const pub = t.socket(zmq.PUB);
    const sub = jsSocket(new jszmq.Sub());
    sub.subscribe("news");
    sub.connect(bindWs(pub));
    // The subscription travels on its own: publish probes until one gets through, then a
    // marker after which no probe is left in flight.
    let joined = false;
    const first = sub.next("the first probe at jszmq's SUB").then(() => (joined = true));
    while (!joined) {
      await pub.send(["news", "probe"]);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await first;
    await pub.send(["news", "joined"]);
    while ((await sub.next())[1].toString() !== "joined");

    for (let i = 0; i < 5; i++) {
      await pub.send(["sports", `score ${i}`]);
      await pub.send(["news", `story ${i}`, hardFrames(i)[3]]);
    }
    await pub.send(["news", "end"]);
    const stories: string[] = [];
    for (;;) {
      const [topic, body, large] = await sub.next();
      expect(topic.toString()).toBe("news");
      if (body.toString() === "end") break;
      stories.push(body.toString());
      expect(digest([large])).toEqual(digest([hardFrames(stories.length - 1)[3]]));
    }
    expect(stories).toEqual(["story 0", "story 1", "story 2", "story 3", "story 4"]);
  });

  test("jszmq DEALER, our ROUTER: the routing id frame comes and goes", async () => {
    const router = t.socket(zmq.ROUTER);
    const dealer = jsSocket(new jszmq.Dealer());
    dealer.connect(bindWs(router));
    for (let round = 0; round < 3; round++) {
      dealer.send([`ask ${round}`, Buffer.from([round])]);
      const [peer, ...body] = await within(router.recvMultipart(), "the request at our ROUTER");
      expect(body).toEqual([Buffer.from(`ask ${round}`), Buffer.from([round])]);
      await router.send([peer, `answer ${round}`]);
      expect(await dealer.next()).toEqual([Buffer.from(`answer ${round}`)]);
    }
  });
});

describe("zmq-napi connects to a jszmq ws:// bind", () => {
  test("our REQ, jszmq REP: round trips of multipart, binary and 1 MiB frames", async () => {
    const { server, port } = await serverForJszmq();
    const rep = jsSocket(new jszmq.Rep());
    rep.bind(`ws://127.0.0.1:${port}/rep`, server);
    offerJszmqOnlyZws2(server);
    rep.on("message", (...frames) => rep.send([Buffer.from("echo"), ...frames]));
    const req = t.socket(zmq.REQ);
    req.connect(`ws://127.0.0.1:${port}/rep`);
    for (let round = 0; round < 4; round++) {
      const request = hardFrames(round);
      await req.send(request);
      const reply = await within(req.recvMultipart(), "the reply at our REQ");
      expect(digest(reply)).toEqual(digest([Buffer.from("echo"), ...request]));
    }
  });

  test("our PUSH, jszmq PULL; jszmq PUB, our SUB with its filter", async () => {
    const { server, port } = await serverForJszmq();
    const pull = jsSocket(new jszmq.Pull());
    const pub = jsSocket(new jszmq.Pub());
    pull.bind(`ws://127.0.0.1:${port}/pull`, server);
    pub.bind(`ws://127.0.0.1:${port}/pub`, server);
    offerJszmqOnlyZws2(server);

    const push = t.socket(zmq.PUSH);
    push.connect(`ws://127.0.0.1:${port}/pull`);
    for (let i = 0; i < 10; i++) await push.send([`job ${i}`, Buffer.from([i, 255])]);
    for (let i = 0; i < 10; i++) expect(await pull.next()).toEqual([Buffer.from(`job ${i}`), Buffer.from([i, 255])]);

    const sub = t.socket(zmq.SUB);
    sub.setsockopt(zmq.SUBSCRIBE, "news");
    sub.connect(`ws://127.0.0.1:${port}/pub`);
    let joined = false;
    const first = within(sub.recvMultipart(), "the first probe at our SUB").then(() => (joined = true));
    while (!joined) {
      pub.send(["news", "probe"]);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await first;
    pub.send(["news", "joined"]);
    while ((await within(sub.recvMultipart(), "the marker at our SUB"))[1].toString() !== "joined");
    pub.send(["sports", "score"]);
    pub.send(["news", "story", hardFrames(1)[3]]);
    const story = await within(sub.recvMultipart(), "the story at our SUB");
    expect(digest(story)).toEqual(digest([Buffer.from("news"), Buffer.from("story"), hardFrames(1)[3]]));
  });
});
