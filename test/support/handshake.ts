// Security tests: servers of each mechanism, clients that connect to them, and how each
// handshake went, told by the client's socket monitor.
import * as zmq from "zmq-napi";

export type Setup = (socket: zmq.Socket) => void;
export type Keys = ReturnType<typeof zmq.curveKeypair>;

/** A socket maker: a TestContext, or anything with a socket(type) of its own. */
export interface Sockets {
  socket(type: number): zmq.Socket;
}

/**
 * Connects a REQ with the given setup, sends `request` on it, and tells how its handshake
 * went. A refused client's request must never reach the server; it is closed unless
 * accepted, so that its reconnects do not try again under a later policy.
 */
export async function handshake(sockets: Sockets, endpoint: string, request: string, setup: Setup): Promise<string> {
  const req = sockets.socket(zmq.REQ);
  req.setsockopt(zmq.LINGER, 0);
  setup(req);
  const monitor = req.monitor();
  const outcome = new Promise<string>((resolve) => {
    monitor.once("HANDSHAKE_SUCCEEDED", () => resolve("accepted"));
    monitor.once("HANDSHAKE_FAILED_AUTH", () => resolve("refused"));
    // libzmq's PLAIN server with no ZAP handler drops every connection without a reason.
    monitor.once("HANDSHAKE_FAILED_NO_DETAIL", () => resolve("dropped"));
  });
  req.connect(endpoint);
  void req.send(request).catch(() => undefined); // queued on the pipe the connect made
  const result = await outcome;
  if (result !== "accepted") req.close();
  return result;
}

/** The server side's next HANDSHAKE_FAILED_AUTH: libzmq reports the ZAP status code as its value. */
export function serverRefusal(server: zmq.Socket): Promise<zmq.MonitorEvent> {
  const monitor = server.monitor(zmq.EVENT_HANDSHAKE_FAILED_AUTH);
  return new Promise((resolve) => monitor.once("HANDSHAKE_FAILED_AUTH", resolve));
}

/** A REP bound to a loopback tcp port, with `setup` applied before the bind. */
export function server(sockets: Sockets, setup: Setup, endpoint = "tcp://127.0.0.1:*"): zmq.Socket {
  const rep = sockets.socket(zmq.REP);
  setup(rep);
  rep.bind(endpoint);
  return rep;
}

/** CURVE server options for the key pair `keys`. */
export function curveServer(keys: Keys): Setup {
  return (rep) => {
    rep.setsockopt(zmq.CURVE_SERVER, true);
    rep.setsockopt(zmq.CURVE_SECRETKEY, keys.secretKey);
  };
}

/** PLAIN server options. */
export const plainServer: Setup = (rep) => rep.setsockopt(zmq.PLAIN_SERVER, true);

/** CURVE client options: the server's public key and the client's own pair. */
export function curveClient(serverKey: string, keys: Keys): Setup {
  return (req) => {
    req.setsockopt(zmq.CURVE_SERVERKEY, serverKey);
    req.setsockopt(zmq.CURVE_PUBLICKEY, keys.publicKey);
    req.setsockopt(zmq.CURVE_SECRETKEY, keys.secretKey);
  };
}

/** PLAIN client options. */
export function plainClient(username: string, password: string): Setup {
  return (req) => {
    req.setsockopt(zmq.PLAIN_USERNAME, username);
    req.setsockopt(zmq.PLAIN_PASSWORD, password);
  };
}

/** Receives one request on a REP and answers it, so the next can come. */
export async function serveOne(rep: zmq.Socket): Promise<string> {
  const request = (await rep.recv()).toString();
  await rep.send("welcome");
  return request;
}
