import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import {
  curveClient,
  curveServer,
  handshake,
  type Keys,
  type Setup,
  plainClient,
  plainServer,
  server,
  serveOne,
  serverRefusal,
} from "./support/handshake";
import { startTcpRelay } from "./support/tcp-relay";

const t = useTestContext();

test("CURVE: a known client key is accepted, an unknown one refused", async () => {
  const serverKeys = zmq.curveKeypair();
  const known = zmq.curveKeypair();
  const stranger = zmq.curveKeypair();
  const auth = new zmq.Authenticator(t.context);
  auth.configureCurve("*", { publicKeys: [known.publicKey] });
  auth.start();
  const rep = server(t, curveServer(serverKeys));
  const refused = serverRefusal(rep);
  const client = (keys: Keys) => curveClient(serverKeys.publicKey, keys);
  expect(await handshake(t, rep.lastEndpoint, "from the stranger", client(stranger))).toBe("refused");
  expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });
  expect(await handshake(t, rep.lastEndpoint, "from the known key", client(known))).toBe("accepted");
  // The stranger asked first: had its request crossed, it would come first.
  expect(await serveOne(rep)).toBe("from the known key");
  expect(rep.tryRecv()).toBeNull();
  auth.stop();
});

test("PLAIN: a wrong password is refused, the right one accepted", async () => {
  const auth = new zmq.Authenticator(t.context);
  auth.configurePlain("*", { admin: "secret" });
  auth.start();
  const rep = server(t, plainServer);
  const refused = serverRefusal(rep);
  expect(await handshake(t, rep.lastEndpoint, "with the wrong password", plainClient("admin", "wrong"))).toBe(
    "refused",
  );
  expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });
  expect(await handshake(t, rep.lastEndpoint, "with the right password", plainClient("admin", "secret"))).toBe(
    "accepted",
  );
  expect(await serveOne(rep)).toBe("with the right password");
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

// With ZMQ_IPV6 on, libzmq reports an IPv4 peer as IPv4-mapped (::ffff:127.0.0.1); allow
// and deny mean an address however it or its list entry is spelled. A list naming another
// address is the control that must not catch the client.
interface Peer {
  /** What the client connects from, how the server binds, and with ZMQ_IPV6 or not. */
  name: string;
  bind: string;
  ipv6: boolean;
  /** The client's address spelled several ways, then another address in those ways. */
  spellings: string[];
  others: string[];
}
const peers: Peer[] = [false, true].map((ipv6) => ({
  name: `127.0.0.1, IPV6 ${ipv6 ? "on" : "off"}`,
  bind: "tcp://127.0.0.1:*",
  ipv6,
  spellings: ["127.0.0.1", "::ffff:127.0.0.1", "0:0:0:0:0:FFFF:7F00:1"],
  others: ["127.0.0.2", "::ffff:127.0.0.2", "0:0:0:0:0:FFFF:7F00:2"],
}));
peers.push({ name: "::1", bind: "tcp://[::1]:*", ipv6: true, spellings: ["::1", "0:0:0:0:0:0:0:1"], others: ["::2"] });

const listCases = (["deny", "allow"] as const).flatMap((list) =>
  peers.flatMap((peer) =>
    [...peer.spellings.map((entry) => [entry, true] as const), ...peer.others.map((entry) => [entry, false] as const)].map(
      ([entry, names]) => [list, entry, peer.name, (list === "deny") === names ? "refused" : "accepted", peer] as const,
    ),
  ),
);

test.each(listCases)('%s("%s"): the client from %s is %s', async (list, entry, _, expected, peer) => {
  const auth = new zmq.Authenticator(t.context);
  auth[list](entry);
  auth.start();
  // NULL asks ZAP only for a socket with a ZAP_DOMAIN.
  const rep = server(
    t,
    (rep) => {
      rep.setsockopt(zmq.IPV6, peer.ipv6);
      rep.setsockopt(zmq.ZAP_DOMAIN, "lists");
    },
    peer.bind,
  );
  const refused = serverRefusal(rep);
  const client: Setup = (req) => req.setsockopt(zmq.IPV6, peer.ipv6);
  expect(await handshake(t, rep.lastEndpoint, `from ${peer.name}`, client)).toBe(expected);
  if (expected === "accepted") expect(await serveOne(rep)).toBe(`from ${peer.name}`);
  else expect(await refused).toMatchObject({ endpoint: rep.lastEndpoint, value: 400 });
  auth.stop();
});
