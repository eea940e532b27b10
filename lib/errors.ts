import { constants as osConstants } from "node:os";
import { native } from "./native";

/**
 * An error reported by libzmq, or by zmq-napi for misuse of a socket.
 *
 * @example
 * try { sock.bind("tcp://127.0.0.1:5555") } catch (e) {
 *   if (e instanceof zmq.ZmqError && e.code === "EADDRINUSE") console.log(e.address)
 * }
 */
export class ZmqError extends Error {
  /** The errno's name: "EAGAIN", "ETERM", "EFSM", "EADDRINUSE", … */
  code?: string;
  /** The errno value libzmq reported. */
  errno?: number;
  /** The endpoint of a failed bind, unbind, connect or disconnect. */
  address?: string;

  constructor(message: string, code?: string, errno?: number, address?: string) {
    super(message);
    this.name = "ZmqError";
    if (code !== undefined) this.code = code;
    if (errno !== undefined) this.errno = errno;
    if (address !== undefined) this.address = address;
  }
}

native.setErrorClass(ZmqError);

// errno values as this platform numbers them (libzmq uses the system's where it has one).
const EAGAIN = osConstants.errno.EAGAIN;
const ENOTSOCK = osConstants.errno.ENOTSOCK;

/** The error a pending operation gets when its socket is closed under it. */
export function socketClosedError(): ZmqError {
  return new ZmqError("Socket is closed", "ENOTSOCK", ENOTSOCK);
}

/** What a DONTWAIT operation gets where it would have to wait. */
export function wouldBlockError(): ZmqError {
  return new ZmqError(native.strerror(EAGAIN), "EAGAIN", EAGAIN);
}

/** True for the errors that mean "this socket is finished": closed, or its context terminated. */
export function isEndOfSocket(error: unknown): boolean {
  return error instanceof ZmqError && (error.code === "ENOTSOCK" || error.code === "ETERM");
}
