import { zmqError } from "./errors";
import { native } from "./native";
import { onInterrupt } from "./signals";
import { internalsOf } from "./engine/registry";
import { Socket } from "./socket";
import { checkSubscriptionFlows } from "./subscription-bound";
import { requireInt } from "./validate";
const { QUEUE, FORWARDER, STREAMER } = native.constants as Record<string, number>;

// After catchSignals(), SIGINT and SIGTERM end every running proxy, as they make zmq_proxy
// return EINTR in C: the binding's own control socket tells each one to TERMINATE.
onInterrupt(() => native.interruptProxies());

/**
 * zmq_proxy: shuttles messages between frontend and backend (and copies them to capture)
 * on a native thread of its own. While it runs the sockets belong to it, and using them
 * from JavaScript fails with EBUSY. Resolves when the context is terminated, and rejects
 * with EINTR on a signal after `catchSignals()`; either way its sockets are closed then, so
 * that `ctx.term()` can finish. At process exit or Worker teardown it ends too.
 *
 * @example
 * await zmq.proxy(frontend, backend)
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket): Promise<void> {
  return proxySteerable(frontend, backend, capture);
}

/**
 * zmq_proxy_steerable: as `proxy`, and a control socket takes "PAUSE", "RESUME",
 * "TERMINATE" and (from a REQ peer on a REP control socket) "STATISTICS". Resolves when
 * told to TERMINATE, the sockets then given back, usable again; or when the context is
 * terminated, as `proxy`. Any other message on the control socket ends the proxy with
 * EINVAL (libzmq 4.3.4 would abort the process).
 */
export function proxySteerable(
  frontend: Socket,
  backend: Socket,
  capture?: Socket | null,
  control?: Socket | null,
): Promise<void> {
  checkSubscriptionFlows(frontend, backend, capture, (socket) =>
    socket instanceof Socket ? { type: socket.type, maxMsgSize: internalsOf(socket).peerLimit() } : undefined,
  );
  const lend = (socket: Socket | null | undefined) => {
    if (socket === undefined || socket === null) return null;
    const parts = internalsOf(socket);
    if (parts.hasPending()) {
      throw zmqError("EBUSY", "a socket with pending operations cannot be given to a proxy");
    }
    if (parts.heldMessages() > 0) {
      // The proxy's thread could not forward them: they were taken out of libzmq already.
      throw zmqError("EBUSY", "the socket holds received messages not yet read; read them first");
    }
    return parts.native;
  };
  return native.proxy(lend(frontend)!, lend(backend)!, lend(capture), lend(control));
}

/**
 * The Guide's zmq_device(type, frontend, backend): QUEUE, FORWARDER or STREAMER, all of
 * which libzmq runs as a proxy.
 */
export function device(type: number, frontend: Socket, backend: Socket): Promise<void> {
  requireInt("device type", type);
  if (type !== QUEUE && type !== FORWARDER && type !== STREAMER) {
    throw new RangeError("device type must be zmq.QUEUE, zmq.FORWARDER or zmq.STREAMER");
  }
  return proxy(frontend, backend);
}
