// ZAP_ENFORCE_DOMAIN (a draft option that libzmq 4.3.4 takes without the draft API too):
// with it on, a CURVE server that has a ZAP domain and no ZAP handler refuses every client,
// where libzmq otherwise lets them all in (its legacy fallback), encrypted but unchecked.
import { expect, test } from "vitest";
import * as zmq from "zmq-napi";
import { useTestContext } from "./support/context";
import { curveClient, curveServer, handshake, server, serveOne } from "./support/handshake";

const t = useTestContext();
const EFAULT = 14; // what libzmq reports as the refusal's value (curve_server.cpp)

/** A CURVE REP with a ZAP domain, in a context where nothing serves ZAP. */
function curveRep(keys: ReturnType<typeof zmq.curveKeypair>, enforce: boolean): zmq.Socket {
  return server(t, (rep) => {
    curveServer(keys)(rep);
    rep.setsockopt(zmq.ZAP_DOMAIN, "global");
    rep.setsockopt(zmq.ZAP_ENFORCE_DOMAIN, enforce);
  });
}

test("on: a CURVE client is refused when no ZAP handler answers", async () => {
  const keys = zmq.curveKeypair();
  const rep = curveRep(keys, true);
  expect(rep.getsockopt(zmq.ZAP_ENFORCE_DOMAIN)).toBe(true);
  // Waiting to serve, as a server does: nothing must ever come.
  const request = rep.recv().then(String, (error: zmq.ZmqError) => error.code);
  const monitor = rep.monitor(zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL);
  const refused = new Promise<zmq.MonitorEvent>((resolve) => monitor.once("HANDSHAKE_FAILED_NO_DETAIL", resolve));
  const client = curveClient(keys.publicKey, zmq.curveKeypair());
  void handshake(t, rep.lastEndpoint, "let me in", client);
  expect(await refused).toMatchObject({ value: EFAULT });
  rep.close();
  expect(await request).toBe("ENOTSOCK");
});

test("off (libzmq's default, the control): the same client is let in unchecked", async () => {
  const keys = zmq.curveKeypair();
  const rep = curveRep(keys, false);
  const client = curveClient(keys.publicKey, zmq.curveKeypair());
  expect(await handshake(t, rep.lastEndpoint, "let me in", client)).toBe("accepted");
  expect(await serveOne(rep)).toBe("let me in");
});
