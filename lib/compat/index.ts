/**
 * zmq-napi/compat: the legacy `zmq` API (zeromq.node 2.x, `zeromq` 5) on zmq-napi's own
 * sockets: `require("zmq")` becomes `require("zmq-napi/compat")` and the rest stays.
 *
 * @example
 * const zmq = require("zmq-napi/compat")
 * const sock = zmq.socket("push")
 * sock.bindSync("tcp://127.0.0.1:3000")
 * sock.send("some work")
 *
 * @module zmq-napi/compat
 */
import type * as napiConstants from "../constants";
import { curveKeypair as napiKeypair, version as napiVersion } from "../library";
import { events, prefixed, types } from "./constants";
import { Context } from "./context";
import { shortOptions } from "./options";
import { proxy } from "./proxy";
import { Socket, type SocketType } from "./socket";

/** A socket of the named type, with `options` assigned through its accessors. */
function socket(type: SocketType, options?: Readonly<Record<string, unknown>>): Socket {
  const sock = new Socket(type);
  try {
    for (const key in options) Reflect.set(sock, key, options[key]);
  } catch (error) {
    sock.close(); // a bad option throws: the socket nobody gets must not stay open
    throw error;
  }
  return sock;
}

/** A new CURVE key pair, both keys as 40-character Z85 text. */
function curveKeypair(): { public: string; secret: string } {
  const { publicKey, secretKey } = napiKeypair();
  return { public: publicKey, secret: secretKey };
}

/** Every numeric zmq-napi constant under its ZMQ_ name, each a named member (and ESM export). */
type Prefixed = {
  readonly [K in keyof typeof napiConstants as (typeof napiConstants)[K] extends number ? `ZMQ_${K}` : never]: number;
};

interface Compat extends Prefixed {
  /** libzmq's version, "4.3.4". */
  readonly version: string;
  /** A socket of the named type ("push", "sub", …), `options` assigned through its accessors. */
  readonly socket: typeof socket;
  /** The same function as `socket`. */
  readonly createSocket: typeof socket;
  /** The legacy socket class, an EventEmitter (`zmq.socket(type)` makes one). */
  readonly Socket: typeof Socket;
  /** The default context's settings, as static methods. */
  readonly Context: typeof Context;
  /** zmq_proxy between two compat sockets, optionally with a capture socket. */
  readonly proxy: typeof proxy;
  /** A new CURVE key pair, `{ public, secret }`, both keys as 40-character Z85 text. */
  readonly curveKeypair: typeof curveKeypair;
  /** Socket type name → ZMQ_* number. */
  readonly types: Readonly<Record<string, number>>;
  /** Option short name → option id. */
  readonly options: Readonly<Record<string, number>>;
  /** Monitor event number → the name it is emitted under. */
  readonly events: Readonly<Record<number, string>>;
  /** What the legacy binding could do: all of it, on libzmq 4.3. */
  readonly ZMQ_CAN_MONITOR: number;
  /** `disconnect` is supported (always, on libzmq 4.3). */
  readonly ZMQ_CAN_DISCONNECT: number;
  /** `unbind` is supported (always, on libzmq 4.3). */
  readonly ZMQ_CAN_UNBIND: number;
  /** Context options can be set (always, on libzmq 4.3). */
  readonly ZMQ_CAN_SET_CTX: number;
  /** The legacy binding's socket state number READY (0). */
  readonly STATE_READY: number;
  /** The legacy binding's socket state number BUSY (1). */
  readonly STATE_BUSY: number;
  /** The legacy binding's socket state number CLOSED (2). */
  readonly STATE_CLOSED: number;
}

/**
 * The module's value, what `require("zmq-napi/compat")` returns.
 *
 * @namespace
 */
const compat: Compat = {
  ...(prefixed as Pick<Compat, Extract<keyof Compat, `ZMQ_${string}` | `STATE_${string}`>>),
  version: napiVersion().join("."),
  socket,
  createSocket: socket,
  Socket,
  Context,
  proxy,
  curveKeypair,
  types,
  options: shortOptions,
  events,
};

// The types under the module's name too, for TypeScript: `let sock: zmq.Socket`.
declare namespace compat {
  /** A legacy socket, the type of `zmq.socket(type)`. */
  type Socket = import("./socket").Socket;
  /** A socket type's name: "push", "pull", "pub", "sub", …. */
  type SocketType = import("./socket").SocketType;
  /** A send's callback: the error, or nothing once libzmq has the message. */
  type SendCallback = import("./outbox").SendCallback;
}

export = compat;
