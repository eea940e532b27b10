// Socket events on node:diagnostics_channel (issue 18 §5). Every channel is made here, once,
// and held for the life of the module. Each publish function reads the channel's
// hasSubscribers before it builds a message, and the hooks (lib/socket.ts, lib/engine/) read
// it before they call one: with nobody subscribed, an event costs one property read and
// allocates nothing. Only `import type` of socket.ts, so that it can import this module.
import { channel } from "node:diagnostics_channel";
import { isEndOfSocket } from "./errors";
import type { SocketEngine } from "./engine/engine";
import { RECV_NEXT, sends, type PendingOperation } from "./engine/pending";
import type { Socket } from "./socket";
import { requireEndpoint } from "./validate";

/**
 * The names of the node:diagnostics_channel channels zmq-napi publishes socket events on.
 * With nobody subscribed, publishing costs nothing worth measuring (docs/PERFORMANCE.md).
 *
 * @example
 * import diagnostics_channel from "node:diagnostics_channel"
 * diagnostics_channel.subscribe(zmq.diagnosticsChannels.error, (message) => {
 *   const { socket, operation, error } = message as zmq.SocketErrorMessage
 *   console.warn(`socket of type ${socket.type}: ${operation} failed`, error)
 * })
 */
export const diagnosticsChannels = Object.freeze({
  /** A socket was made (`ctx.socket(type)`), ready for use: {@link SocketOpenMessage}. */
  open: "zmq-napi:socket:open",
  /** A bind succeeded: {@link SocketEndpointMessage}, with `lastEndpoint`. */
  bind: "zmq-napi:socket:bind",
  /** An unbind succeeded: {@link SocketEndpointMessage}. */
  unbind: "zmq-napi:socket:unbind",
  /** A connect succeeded: {@link SocketEndpointMessage}. */
  connect: "zmq-napi:socket:connect",
  /** A disconnect succeeded: {@link SocketEndpointMessage}. */
  disconnect: "zmq-napi:socket:disconnect",
  /** The first close() of a socket: {@link SocketCloseMessage}. */
  close: "zmq-napi:socket:close",
  /** An operation failed: {@link SocketErrorMessage}. */
  error: "zmq-napi:socket:error",
} as const);

/** What `zmq-napi:socket:open` publishes: a socket was made. */
export interface SocketOpenMessage {
  /** The new socket. */
  readonly socket: Socket;
  /** Its type (zmq.REQ, zmq.PUB, …). */
  readonly type: number;
}

/** What `zmq-napi:socket:bind`, `:unbind`, `:connect` and `:disconnect` publish, after success. */
export interface SocketEndpointMessage {
  /** The socket bound, unbound, connected or disconnected. */
  readonly socket: Socket;
  /** The endpoint as given to the call. */
  readonly endpoint: string;
  /** bind only: the endpoint bound, with the port a wildcard (`tcp://127.0.0.1:*`) chose. */
  readonly lastEndpoint?: string;
}

/** What `zmq-napi:socket:close` publishes: once per socket, at its first close(). */
export interface SocketCloseMessage {
  /** The socket, closed now. */
  readonly socket: Socket;
}

/** What failed, in a {@link SocketErrorMessage}. */
export type SocketOperation = "send" | "receive" | "bind" | "unbind" | "connect" | "disconnect";

/**
 * What `zmq-napi:socket:error` publishes: an operation failed with `error`, the very error
 * its promise rejects with (or its call throws).
 */
export interface SocketErrorMessage {
  /** The socket the operation was on. */
  readonly socket: Socket;
  /** "send" (send, sendMany, sendSync), "receive" (recv…, the async iterator, recvSync…), "bind", … */
  readonly operation: SocketOperation;
  /** The error: a ZmqError (EAGAIN, EFSM, ENOTSOCK, ETERM, EADDRINUSE, …), or an aborting signal's reason. */
  readonly error: unknown;
  /** bind, unbind, connect, disconnect: the endpoint given. */
  readonly endpoint?: string;
}

/** @internal */
export type EndpointOperation = "bind" | "unbind" | "connect" | "disconnect";

/**
 * @internal What a stream's own waiting operations reject with when the stream is torn
 * down (lib/streams.ts), Node's ERR_STREAM_DESTROYED: the user asked for the end and
 * nothing failed, so it is not published.
 */
export class StreamTeardown extends Error {
  readonly code = "ERR_STREAM_DESTROYED";
  constructor() {
    super("the stream was destroyed");
  }
}

// The sockets the library makes for itself (a monitor's reader, the ZAP handler's REP),
// which publish nothing: made while `makingInternal` is above 0.
const internalSockets = new WeakSet<Socket>();
let makingInternal = 0;

/** @internal Makes a socket for the library's own use, of which nothing is published. */
export function internalSocket(make: () => Socket): Socket {
  makingInternal++;
  try {
    const socket = make();
    internalSockets.add(socket);
    return socket;
  } finally {
    makingInternal--;
  }
}

// How deep publishes of errors are nested now: a subscriber's own sends on a socket, made
// within the publish, are no part of the message being dropped (SocketEngine's #dropping).
let publishingErrors = 0;

/** @internal Whether an error is being published (a subscriber runs). */
export function publishingError(): boolean {
  return publishingErrors > 0;
}

const openChannel = channel(diagnosticsChannels.open);
const closeChannel = channel(diagnosticsChannels.close);
const errorChannel = channel(diagnosticsChannels.error);
const endpointChannels = {
  bind: channel(diagnosticsChannels.bind),
  unbind: channel(diagnosticsChannels.unbind),
  connect: channel(diagnosticsChannels.connect),
  disconnect: channel(diagnosticsChannels.disconnect),
};

/** @internal */
export function publishOpen(socket: Socket): void {
  if (openChannel.hasSubscribers && makingInternal === 0) openChannel.publish({ socket, type: socket.type } satisfies SocketOpenMessage);
}

/** @internal */
export function publishClose(socket: Socket): void {
  if (closeChannel.hasSubscribers && !internalSockets.has(socket)) closeChannel.publish({ socket } satisfies SocketCloseMessage);
}

// After a bind, unbind, connect or disconnect succeeded.
function publishEndpoint(socket: Socket, operation: EndpointOperation, endpoint: string): void {
  const target = endpointChannels[operation];
  if (!target.hasSubscribers || internalSockets.has(socket)) return;
  const message: SocketEndpointMessage =
    operation === "bind" ? { socket, endpoint, lastEndpoint: socket.lastEndpoint } : { socket, endpoint };
  target.publish(message);
}

/** @internal A failed bind, unbind, connect or disconnect, a failed sendSync or recvSync. */
export function publishError(socket: Socket, operation: SocketOperation, error: unknown, endpoint?: string): void {
  if (!errorChannel.hasSubscribers || internalSockets.has(socket)) return;
  const message: SocketErrorMessage =
    endpoint === undefined ? { socket, operation, error } : { socket, operation, error, endpoint };
  publishingErrors++;
  try {
    errorChannel.publish(message);
  } finally {
    publishingErrors--;
  }
}

/**
 * @internal An operation of `kind` (lib/engine/pending.ts) rejected with `error`. Not where
 * the async iterator's next() ends as done rather than rejecting (the socket's end).
 */
function publishOperationError(socket: Socket, kind: number, error: unknown): void {
  if ((kind === RECV_NEXT && isEndOfSocket(error)) || error instanceof StreamTeardown) return;
  publishError(socket, sends(kind) ? "send" : "receive", error);
}

/** @internal An operation of `kind` rejected before it was queued: told, and the rejection. */
export function refuseOperation(socket: Socket, kind: number, error: unknown): Promise<never> {
  if (errorChannel.hasSubscribers) publishOperationError(socket, kind, error);
  return Promise.reject(error);
}

/** @internal A queued operation rejected, where it leaves its queue: told, then rejected. */
export function failOperation(socket: Socket, op: PendingOperation, error: unknown): void {
  if (errorChannel.hasSubscribers) publishOperationError(socket, op.kind, error);
  op.reject(error);
}

/**
 * @internal Socket's bind, unbind, connect and disconnect: the call, then what came of it
 * told, on the verb's channel or on zmq-napi:socket:error. An endpoint that is no string
 * throws before anything is tried, and is not told.
 */
export function endpointCall(engine: SocketEngine, operation: EndpointOperation, endpoint: string): void {
  const { socket } = engine;
  const checked = requireEndpoint(endpoint);
  try {
    engine.native[operation](checked);
  } catch (error) {
    publishError(socket, operation, error, checked);
    throw error;
  }
  engine.afterNativeCall();
  publishEndpoint(socket, operation, checked);
}
