// The legacy proxy: a forwarder in JavaScript over the sockets' 'message' events, not
// libzmq's zmq_proxy, so the sockets stay usable from JavaScript while it runs.
import type { Socket } from "./socket";

/**
 * Forwards messages between `frontend` and `backend` both ways; `capture` gets a copy of
 * what goes from backend to frontend (for router/dealer, the body of each reply). Takes
 * push/pull, pull/push, xpub/xsub, router/dealer and xrep/xreq; any other pair throws.
 *
 * @example zmq.proxy(zmq.socket("router").bindSync(front), zmq.socket("dealer").bindSync(back))
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket | null): void {
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
  frontend.on("message", (...frames: Buffer[]) => backend.send(frames));
  backend.on("message", (...frames: Buffer[]) => {
    frontend.send(frames);
    capture?.send(captured(frames));
  });
}

// A reply's body: the frames after its envelope's empty delimiter.
function body(frames: Buffer[]): Buffer[] {
  const delimiter = frames.findIndex((frame) => frame.length === 0);
  return delimiter >= 0 && delimiter < frames.length - 1 ? frames.slice(delimiter + 1) : frames.slice(-1);
}
