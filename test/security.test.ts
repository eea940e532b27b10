import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { startTcpRelay } from "./support/tcp-relay";

const t = useTestContext();

/**
 * Connects a REQ with the given setup, sends `request` on it, and tells how its handshake
 * went. A refused client's request must never reach the server.
 */
async function handshake(endpoint: string, request: string, setup: (req: zmq.Socket) => void): Promise<string> {
  const req = t.socket(zmq.REQ);
  setup(req);
  const monitor = req.monitor();
  const outcome = new Promise<string>((resolve) => {
    monitor.once("HANDSHAKE_SUCCEEDED", () => resolve("accepted"));
    monitor.once("HANDSHAKE_FAILED_AUTH", () => resolve("refused"));
  });
  req.connect(endpoint);
  void req.send(request).catch(() => undefined); // queued on the pipe the connect made
  return outcome;
}

/** The server side's next HANDSHAKE_FAILED_AUTH: libzmq reports the ZAP status code as its value. */
function serverRefusal(server: zmq.Socket): Promise<zmq.MonitorEvent> {
  const monitor = server.monitor(zmq.EVENT_HANDSHAKE_FAILED_AUTH);
  return new Promise((resolve) => monitor.once("HANDSHAKE_FAILED_AUTH", resolve));
}

test("CURVE: a known client key is accepted, an unknown one refused", async () => {
  const server = zmq.curveKeypair();
  const known = zmq.curveKeypair();
  const stranger = zmq.curveKeypair();
  const auth = new zmq.Authenticator(t.context);
  auth.configureCurve("*", { publicKeys: [known.publicKey] });
  auth.start();
  const rep = t.socket(zmq.REP);
  rep.setsockopt(zmq.CURVE_SERVER, true);
  rep.setsockopt(zmq.CURVE_SECRETKEY, server.secretKey);
  rep.bind("tcp://127.0.0.1:*");
  const refused = serverRefusal(rep);
  const client = (keys: { publicKey: string; secretKey: string }) => (req: zmq.Socket) => {
    req.setsockopt(zmq.CURVE_SERVERKEY, server.publicKey);
    req.setsockopt(zmq.CURVE_PUBLICKEY, keys.publicKey);
    req.setsockopt(zmq.CURVE_SECRETKEY, keys.secretKey);
    req.setsockopt(zmq.LINGER, 0);
  };
  expect(await handshake(rep.lastEndpoint, "from the stranger", client(stranger))).toBe("refused");
  expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });
  expect(await handshake(rep.lastEndpoint, "from the known key", client(known))).toBe("accepted");
  // The stranger asked first: had its request crossed, it would come first.
  expect((await rep.recv()).toString()).toBe("from the known key");
  await rep.send("welcome");
  expect(rep.tryRecv()).toBeNull();
  auth.stop();
});

test("PLAIN: a wrong password is refused, the right one accepted", async () => {
  const auth = new zmq.Authenticator(t.context);
  auth.configurePlain("*", { admin: "secret" });
  auth.start();
  const rep = t.socket(zmq.REP);
  rep.setsockopt(zmq.PLAIN_SERVER, true);
  rep.bind("tcp://127.0.0.1:*");
  const refused = serverRefusal(rep);
  const login = (password: string) => (req: zmq.Socket) => {
    req.setsockopt(zmq.PLAIN_USERNAME, "admin");
    req.setsockopt(zmq.PLAIN_PASSWORD, password);
    req.setsockopt(zmq.LINGER, 0);
  };
  expect(await handshake(rep.lastEndpoint, "with the wrong password", login("wrong"))).toBe("refused");
  expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });
  expect(await handshake(rep.lastEndpoint, "with the right password", login("secret"))).toBe("accepted");
  expect((await rep.recv()).toString()).toBe("with the right password");
  await rep.send("welcome");
  expect(rep.tryRecv()).toBeNull();
  auth.stop();
});

test.each([
  ["with CURVE", true],
  ["without CURVE (the control: the check can see plaintext)", false],
])("what crosses the wire %s", async (_, curve) => {
  const marker = `plaintext-marker-${process.pid}-${Date.now()}`;
  const server = zmq.curveKeypair();
  const client = zmq.curveKeypair();
  const rep = t.socket(zmq.REP);
  if (curve) {
    rep.setsockopt(zmq.CURVE_SERVER, true);
    rep.setsockopt(zmq.CURVE_SECRETKEY, server.secretKey);
  }
  rep.bind("tcp://127.0.0.1:*");
  const relay = await startTcpRelay(rep.lastEndpoint);
  try {
    const req = t.socket(zmq.REQ);
    if (curve) {
      req.setsockopt(zmq.CURVE_SERVERKEY, server.publicKey);
      req.setsockopt(zmq.CURVE_PUBLICKEY, client.publicKey);
      req.setsockopt(zmq.CURVE_SECRETKEY, client.secretKey);
    }
    req.connect(relay.endpoint);
    await req.send(`request ${marker}`);
    expect((await rep.recv()).toString()).toBe(`request ${marker}`);
    await rep.send(`reply ${marker}`);
    expect((await req.recv()).toString()).toBe(`reply ${marker}`);
    const wire = relay.wire();
    expect(wire.length).toBeGreaterThan(2 * marker.length); // the relay did carry the exchange
    expect(wire.includes(marker)).toBe(!curve);
    expect(wire.includes("CURVE")).toBe(curve); // the greeting names the mechanism in clear
  } finally {
    await relay.close();
  }
});
