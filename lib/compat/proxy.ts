// The legacy proxy: a forwarder in JavaScript over the sockets' 'message' events, not
// libzmq's zmq_proxy, so the sockets stay usable from JavaScript while it runs. Unlike the
// legacy one it never buffers without bound: while a destination holds a forwarded message
// (no room: its high-water mark, no peer yet), the side it came from is not read, and its
// messages wait in libzmq under its RCVHWM, then the sender's, as zmq_proxy's blocking
// sends make them wait.
import { sendThen, setReading, Socket } from "./socket";

/** Where one message goes: each destination with the frames it gets. */
type Route = (frames: Buffer[]) => [Socket, Buffer[]][];

/**
 * Forwards messages between `frontend` and `backend` both ways; `capture` gets a copy of
 * what goes from backend to frontend (for router/dealer, the body of each reply). Takes
 * push/pull, pull/push, xpub/xsub, router/dealer and xrep/xreq; any other pair throws.
 *
 * @example zmq.proxy(zmq.socket("router").bindSync(front), zmq.socket("dealer").bindSync(back))
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket | null): void {
  // A zmq-napi Socket has a numeric type: it would get "wrong socket order", which misleads.
  for (const [name, sock] of Object.entries({ frontend, backend, capture: capture ?? undefined })) {
    if (sock !== undefined && !(sock instanceof Socket)) {
      throw new TypeError(`proxy's ${name} must be a zmq-napi/compat socket, got ${String(sock)}`);
    }
  }
  let captured: (frames: Buffer[]) => Buffer[];
  switch (`${frontend.type}/${backend.type}`) {
    case "push/pull":
    case "pull/push":
    case "xpub/xsub":
      captured = (frames) => frames;
      break;
    case "router/dealer":
    case "xrep/xreq":
      captured = body;
      break;
    default:
      throw new Error("wrong socket order to proxy");
  }
  forward(frontend, (frames) => [[backend, frames]]);
  forward(backend, (frames) =>
    capture ? [[frontend, frames], [capture, captured(frames)]] : [[frontend, frames]],
  );
}

// Sends each message `from` gets along its route, and stops reading `from` while any of
// those sends is held.
function forward(from: Socket, route: Route): void {
  let held = 0;
  const send = (to: Socket, message: Buffer[]) => {
    let settled = false;
    let counted = false;
    sendThen(to, message, () => {
      settled = true;
      if (counted && --held === 0) setReading(from, true);
    });
    if (!settled) {
      counted = true;
      if (held++ === 0) setReading(from, false);
    }
  };
  from.on("message", (...frames: Buffer[]) => {
    for (const [to, message] of route(frames)) send(to, message);
  });
}

// A reply's body: the frames after its envelope's empty delimiter.
function body(frames: Buffer[]): Buffer[] {
  const delimiter = frames.findIndex((frame) => frame.length === 0);
  return delimiter >= 0 && delimiter < frames.length - 1 ? frames.slice(delimiter + 1) : frames.slice(-1);
}
