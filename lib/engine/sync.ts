// The opt-in low-latency mode: recvSync and sendSync, which wait on the calling thread
// inside libzmq (native/socket_sync.cc) as C's zmq_msg_recv and zmq_msg_send do, instead
// of on the event loop. They keep the socket's order: a receive takes what the read-ahead
// (lib/engine/inbox.ts) already holds before it asks libzmq, and neither direction's
// blocking call may overtake async operations pending in that direction (it throws EBUSY).
import { publishError } from "../diagnostics";
import { socketClosedError, zmqError } from "../errors";
import { native } from "../native";
import type { MessageLike } from "../socket";
import { requireInt } from "../validate";
import type { SocketEngine } from "./engine";

/** What recvSync, recvMultipartSync and sendSync take where their flags stand. */
export interface SyncOptions {
  /** zmq.DONTWAIT (fail with EAGAIN at once where it would wait), zmq.SNDMORE for a send. */
  flags?: number;
  /**
   * The longest the call waits, in ms (-1: for ever), in place of the socket's RCVTIMEO or
   * SNDTIMEO for this call only; then it throws a ZmqError of code EAGAIN, as they do.
   */
  timeout?: number;
}

const { SNDMORE } = native.constants as Record<string, number>;

// The flags and the timeout of the last call's options (undefined: the socket's own):
// module state rather than an object per call, on a path taken once per message.
let flags = 0;
let timeout: number | undefined;

function readOptions(options: number | SyncOptions | undefined): void {
  flags = 0;
  timeout = undefined;
  if (options === undefined) return;
  if (typeof options === "number") {
    flags = requireInt("flags", options);
    return;
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be a number (flags) or an object, got ${options === null ? "null" : typeof options}`);
  }
  if (options.flags !== undefined) flags = requireInt("flags", options.flags);
  if (options.timeout !== undefined) timeout = requireInt("timeout", options.timeout, -1);
}

function wouldOvertake(call: string, pending: number, what: string): Error {
  return zmqError(
    "EBUSY",
    `${call} would overtake the ${pending} ${what} pending on this socket: await ${pending === 1 ? "it" : "them"} first`,
  );
}

/** recvSync (`whole`: recvMultipartSync): the read-ahead first, else a blocking receive. */
export function receiveSync(engine: SocketEngine, whole: boolean, options: number | SyncOptions | undefined): Buffer | Buffer[] {
  readOptions(options);
  try {
    return receiveNow(engine, whole);
  } catch (error) {
    publishError(engine.socket, "receive", error);
    throw error;
  }
}

function receiveNow(engine: SocketEngine, whole: boolean): Buffer | Buffer[] {
  if (engine.closed) throw socketClosedError();
  const pending = engine.pendingReceives;
  if (pending > 0) throw wouldOvertake(whole ? "recvMultipartSync" : "recvSync", pending, "async receive(s)");
  const { inbox } = engine;
  if (inbox.held > 0) return whole ? inbox.takeMessage()! : inbox.takeFrame()!;
  inbox.deferMoreToLibzmq(); // libzmq's RCVMORE tells `sock.more` from here on
  try {
    return timeout === undefined ? engine.native.recvSync(whole, flags) : engine.native.recvSync(whole, flags, timeout);
  } finally {
    // The wait had libzmq process the socket's commands, which may have taken the edge of
    // ZMQ_FD that pending sends wait for.
    engine.afterNativeCall();
  }
}

/** sendSync: a blocking send, never before pending sends. */
export function sendSync(engine: SocketEngine, data: MessageLike, options: number | SyncOptions | undefined): void {
  readOptions(options);
  try {
    sendNow(engine, data);
  } catch (error) {
    publishError(engine.socket, "send", error);
    throw error;
  }
}

function sendNow(engine: SocketEngine, data: MessageLike): void {
  if (engine.closed) throw socketClosedError();
  const pending = engine.pendingSends;
  if (pending > 0) throw wouldOvertake("sendSync", pending, "async send(s)");
  try {
    if (timeout === undefined) engine.native.sendSync(data, flags);
    else engine.native.sendSync(data, flags, timeout);
    engine.sendingMore = (flags & SNDMORE) !== 0;
  } finally {
    engine.afterNativeCall();
  }
}
