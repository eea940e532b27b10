// The legacy module's maps and constants, all from the numbers of the zmq.h the addon was
// built against: `types` (socket type names), `events` (monitor event → name) and every
// ZMQ_* constant under its prefixed name, with the legacy extras (ZMQ_CAN_*, STATE_*).
import * as zmq from "../constants";

/** The socket types by the names the legacy `socket(type)` takes. */
export const types: Readonly<Record<string, number>> = Object.freeze({
  pub: zmq.PUB,
  xpub: zmq.XPUB,
  sub: zmq.SUB,
  xsub: zmq.XSUB,
  req: zmq.REQ,
  xreq: zmq.XREQ,
  rep: zmq.REP,
  xrep: zmq.XREP,
  push: zmq.PUSH,
  pull: zmq.PULL,
  dealer: zmq.DEALER,
  router: zmq.ROUTER,
  pair: zmq.PAIR,
  stream: zmq.STREAM,
});

// The legacy event names; the events libzmq added since are named after their constant
// (EVENT_HANDSHAKE_SUCCEEDED: "handshake_succeeded").
const LEGACY_EVENT_NAMES: Readonly<Record<string, string>> = {
  CONNECTED: "connect",
  CONNECT_DELAYED: "connect_delay",
  CONNECT_RETRIED: "connect_retry",
  LISTENING: "listen",
  BIND_FAILED: "bind_error",
  ACCEPTED: "accept",
  ACCEPT_FAILED: "accept_error",
  CLOSED: "close",
  CLOSE_FAILED: "close_error",
  DISCONNECTED: "disconnect",
};

/** Monitor event number → the name compat emits it under. */
export const events: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(zmq)
      .filter(([name]) => name.startsWith("EVENT_") && name !== "EVENT_ALL" && name !== "EVENT_MONITOR_STOPPED")
      .map(([name, value]) => {
        const event = name.slice("EVENT_".length);
        return [value as number, LEGACY_EVENT_NAMES[event] ?? event.toLowerCase()];
      }),
  ),
);

/** The monitor events whose value is an errno: compat passes an Error for it too. */
export const ERRNO_EVENTS: ReadonlySet<number> = new Set([
  zmq.EVENT_BIND_FAILED,
  zmq.EVENT_ACCEPT_FAILED,
  zmq.EVENT_CLOSE_FAILED,
  zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL,
]);

/** The legacy socket states (the binding's `state`), and what it could do. */
export const STATE_READY = 0;
export const STATE_BUSY = 1;
export const STATE_CLOSED = 2;

/** Every numeric zmq-napi constant as ZMQ_<name> (ZMQ_PUB, ZMQ_SNDMORE, ZMQ_XREQ, ZMQ_HWM…). */
export const prefixed: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    Object.entries(zmq as Record<string, unknown>)
      .filter((entry): entry is [string, number] => typeof entry[1] === "number")
      .map(([name, value]) => [`ZMQ_${name}`, value]),
  ),
  // What the legacy binding could do with the libzmq it was built on: all of it, on 4.3.
  ZMQ_CAN_MONITOR: 1,
  ZMQ_CAN_DISCONNECT: 1,
  ZMQ_CAN_UNBIND: 1,
  ZMQ_CAN_SET_CTX: 1,
  STATE_READY,
  STATE_BUSY,
  STATE_CLOSED,
});
