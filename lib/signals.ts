// The Guide's s_catch_signals: SIGINT and SIGTERM interrupt what is waiting, so a
// guide-style loop can break out and shut down cleanly.
import { zmqError } from "./errors";
import { pendingPolls } from "./poll";
import { internalsOf, socketsWithPending } from "./engine/registry";

/** True once SIGINT or SIGTERM arrived after `catchSignals()`. */
export let interrupted = false;

const listeners = new Set<() => void>();
let catching = false;

/**
 * After this, SIGINT and SIGTERM set `zmq.interrupted` and make every pending recv, send
 * and poll reject with a ZmqError of code EINTR, instead of the process dying.
 *
 * @example
 * zmq.catchSignals()
 * while (true) {
 *   try { await sock.recv() } catch (e) { if (zmq.interrupted) break; throw e }
 * }
 */
export function catchSignals(): void {
  if (catching) return;
  catching = true;
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
}

/** Calls `listener` whenever a caught signal arrives. */
export function onInterrupt(listener: () => void): void {
  // Checked now: a non-function would only fail later, thrown from the signal handler.
  if (typeof listener !== "function") throw new TypeError("onInterrupt takes a function");
  listeners.add(listener);
}

function interrupt(): void {
  interrupted = true;
  const error = zmqError("EINTR");
  for (const socket of [...socketsWithPending]) internalsOf(socket).failPending(error);
  for (const fail of [...pendingPolls]) fail(error);
  for (const listener of listeners) listener();
}
