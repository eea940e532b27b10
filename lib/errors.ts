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

native.setErrorClass(ZmqError, osConstants.errno);

/**
 * A ZmqError made here rather than by libzmq, with the errno this platform gives `code`
 * (libzmq uses the system's numbers where the system has one) and, unless a message is
 * given, zmq_strerror's text.
 */
export function zmqError(code: keyof typeof osConstants.errno, message?: string): ZmqError {
  const errno = osConstants.errno[code];
  return new ZmqError(message ?? native.strerror(errno), code, errno);
}

/** The error a pending operation gets when its socket is closed under it. */
export function socketClosedError(): ZmqError {
  return zmqError("ENOTSOCK", "Socket is closed");
}

/** What a DONTWAIT operation gets where it would have to wait. */
export function wouldBlockError(): ZmqError {
  return zmqError("EAGAIN");
}

/** True for the errors that mean "this socket is finished": closed, or its context terminated. */
export function isEndOfSocket(error: unknown): boolean {
  return error instanceof ZmqError && (error.code === "ENOTSOCK" || error.code === "ETERM");
}
