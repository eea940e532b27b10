// The built-in addon (its libzmq linked in, every symbol but Node-API's hidden) and zeromq.js
// (its own libzmq linked in) in one process: each keeps its own libzmq, and they talk both
// ways over TCP. Run by `npm run test:builtin` against the prebuild (vitest.builtin.config.ts).
import { afterEach, describe, expect, test } from "vitest";
import * as zeromq from "zeromq";
import * as zmq from "zmq-napi";
import { useTestContext } from "../support/context";

describe("zmq-napi and zeromq.js in one process", () => {
  const t = useTestContext();
  const theirs: zeromq.Socket[] = [];
  afterEach(() => {
    for (const socket of theirs.splice(0)) socket.close();
  });

  test("each reports its own libzmq", () => {
    // The built-in libzmq is Debian's 4.3.4 source with drafts; zeromq.js 6 builds 4.3.5.
    expect(zmq.version()).toEqual([4, 3, 4]);
    expect(zmq.has("draft")).toBe(true);
    expect(zeromq.version).toBe("4.3.5");
  });

  test("zmq-napi PUSH to zeromq.js PULL", async () => {
    const push = t.socket(zmq.PUSH);
    push.bind("tcp://127.0.0.1:*");
    const pull = new zeromq.Pull();
    theirs.push(pull);
    pull.connect(push.lastEndpoint);
    await push.send(["to zeromq.js", "second frame"]);
    const frames = await pull.receive();
    expect(frames.map(String)).toEqual(["to zeromq.js", "second frame"]);
  });

  test("zeromq.js PUSH to zmq-napi PULL", async () => {
    const push = new zeromq.Push();
    theirs.push(push);
    await push.bind("tcp://127.0.0.1:*");
    const pull = t.socket(zmq.PULL);
    pull.connect(push.lastEndpoint ?? "");
    await push.send(["to zmq-napi", "second frame"]);
    const frames = await pull.recvMultipart();
    expect(frames.map(String)).toEqual(["to zmq-napi", "second frame"]);
  });

  test("a CURVE request and reply between them, each with its own libsodium", async () => {
    const server = zmq.curveKeypair();
    const client = zeromq.curveKeyPair();
    const rep = t.socket(zmq.REP);
    rep.setsockopt(zmq.CURVE_SERVER, true);
    rep.setsockopt(zmq.CURVE_SECRETKEY, server.secretKey);
    rep.bind("tcp://127.0.0.1:*");
    const req = new zeromq.Request({
      curveServerKey: server.publicKey,
      curvePublicKey: client.publicKey,
      curveSecretKey: client.secretKey,
    });
    theirs.push(req);
    req.connect(rep.lastEndpoint);
    await req.send("ping over CURVE");
    expect(String(await rep.recv())).toBe("ping over CURVE");
    await rep.send("pong over CURVE");
    const [reply] = await req.receive();
    expect(String(reply)).toBe("pong over CURVE");
  });
});
