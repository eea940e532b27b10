// What poll, proxies, signal handling, monitors and auth need of a socket, kept off its
// public surface: each Socket registers its internals here when it is made. Only a type
// of socket.ts is imported, so the modules that use this one need not import socket.ts
// (which imports some of them: monitor.ts), and no import cycle forms.
import type { NativeSocket } from "../native";
import type { Socket } from "../socket";

/** What poll, devices and signal handling need of a socket, kept off its public surface. */
export interface SocketInternals {
  readonly native: NativeSocket;
  /** ZMQ_EVENTS now (serving pending operations if reading it made any ready). */
  events(): number;
  /** Calls `wake` each time ZMQ_FD signals, until removed. */
  addPollWaiter(wake: () => void): void;
  removePollWaiter(wake: () => void): void;
  hasPending(): boolean;
  /** Messages received from libzmq ahead of time that no receive has taken yet. */
  heldMessages(): number;
  /** Whether waiting on this socket keeps the process alive (monitors: only while iterated). */
  setKeepAlive(keepAlive: boolean): void;
  /** Puts messages a receive took, whole, back first for the next receives (lib/streams.ts). */
  giveBack(messages: readonly Buffer[][]): void;
  /** Rejects every pending operation with `error`. */
  failPending(error: unknown): void;
  /** Hands libzmq every pending send it can take now, whatever this turn's budget (exit). */
  flushSends(): void;
  /**
   * The longest message a peer may have sent: MAXMSGSIZE, or -1 (unbounded) once
   * allowLargePeerMessages was called, whatever was set after (lib/subscription-bound.ts).
   */
  peerLimit(): bigint;
}

const internals = new WeakMap<Socket, SocketInternals>();

/** @internal Called once by each Socket's constructor. */
export function registerInternals(socket: Socket, parts: SocketInternals): void {
  internals.set(socket, parts);
}

/** @internal */
export function internalsOf(socket: Socket): SocketInternals {
  const found = internals.get(socket);
  if (found === undefined) throw new TypeError("expected a zmq Socket");
  return found;
}

/**
 * Sockets with operations pending, for signal handling (lib/signals.ts) and the exit flush
 * (lib/process-life.ts): added as soon as an operation is queued (a socket that yielded its
 * turn has not looked at its watch yet), removed once none is.
 */
export const socketsWithPending = new Set<Socket>();
