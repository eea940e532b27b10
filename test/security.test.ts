import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";

const t = useTestContext();

/** Connects a REQ with the given setup and tells how its handshake went. */
async function handshake(endpoint: string, setup: (req: zmq.Socket) => void): Promise<string> {
  const req = t.socket(zmq.REQ);
  setup(req);
  const monitor = req.monitor();
  const outcome = new Promise<string>((resolve) => {
    monitor.once("HANDSHAKE_SUCCEEDED", () => resolve("accepted"));
    monitor.once("HANDSHAKE_FAILED_AUTH", () => resolve("refused"));
  });
  req.connect(endpoint);
  return outcome;
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
  const pending = rep.recv();
  const client = (keys: { publicKey: string; secretKey: string }) => (req: zmq.Socket) => {
    req.setsockopt(zmq.CURVE_SERVERKEY, server.publicKey);
    req.setsockopt(zmq.CURVE_PUBLICKEY, keys.publicKey);
    req.setsockopt(zmq.CURVE_SECRETKEY, keys.secretKey);
    req.setsockopt(zmq.LINGER, 0);
  };
  expect(await handshake(rep.lastEndpoint, client(stranger))).toBe("refused");
  expect(await handshake(rep.lastEndpoint, client(known))).toBe("accepted");
  auth.stop();
  rep.close();
  await expect(pending).rejects.toMatchObject({ code: "ENOTSOCK" });
});

test("PLAIN: a wrong password is refused, the right one accepted", async () => {
  const auth = new zmq.Authenticator(t.context);
  auth.configurePlain("*", { admin: "secret" });
  auth.start();
  const rep = t.socket(zmq.REP);
  rep.setsockopt(zmq.PLAIN_SERVER, true);
  rep.bind("tcp://127.0.0.1:*");
  const login = (password: string) => (req: zmq.Socket) => {
    req.setsockopt(zmq.PLAIN_USERNAME, "admin");
    req.setsockopt(zmq.PLAIN_PASSWORD, password);
    req.setsockopt(zmq.LINGER, 0);
  };
  expect(await handshake(rep.lastEndpoint, login("wrong"))).toBe("refused");
  expect(await handshake(rep.lastEndpoint, login("secret"))).toBe("accepted");
  auth.stop();
});
