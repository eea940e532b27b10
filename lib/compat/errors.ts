// The errors compat reports: Errors whose message is zmq_strerror's, as the legacy binding
// made them, with zmq-napi's `code` and `errno` kept on them (ZmqError is an Error).
import { constants as osConstants } from "node:os";
import { ZmqError, zmqError } from "../errors";
import { native } from "../native";

/** An error compat makes itself (a send on a closed socket…), with zmq_strerror's text. */
export function compatError(code: "ENOTSOCK" | "EAGAIN"): ZmqError {
  return zmqError(code);
}

/**
 * The error of a monitor event whose value is an errno (BIND_FAILED, ACCEPT_FAILED,
 * CLOSE_FAILED, HANDSHAKE_FAILED_NO_DETAIL): zmq_strerror's text, the errno's name.
 */
export function errnoError(errno: number): ZmqError {
  const codes: Readonly<Record<string, number>> = osConstants.errno;
  const code = Object.keys(codes).find((name) => codes[name] === errno);
  return new ZmqError(native.strerror(errno), code, errno);
}

/** libzmq's answer to a receive or send in the wrong state of a REQ or REP. */
export function isStateError(error: unknown): boolean {
  return error instanceof ZmqError && error.code === "EFSM";
}

/** What a receive on a socket that never receives (PUB, PUSH) gets. */
export function isNotSupported(error: unknown): boolean {
  return error instanceof ZmqError && error.code === "ENOTSUP";
}

/**
 * Throws `error` where nothing catches it, as an EventEmitter's unhandled 'error' does,
 * from code the event loop called (a watch, a timer): an uncaught exception, not a
 * rejection of some promise nobody awaits.
 */
export function throwUncaught(error: unknown): void {
  process.nextTick(() => {
    throw error;
  });
}
