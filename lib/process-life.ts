// What happens to sockets when the process (or a Worker) ends.
import { isMainThread } from "node:worker_threads";
import { native } from "./native";
import { requireInt } from "./validate";

// On exit, every socket still open is closed with its linger capped, and its context
// terminated: messages already queued to connected peers are delivered first, but a socket
// with no peer never holds the exit up for longer than the cap.
process.on("exit", () => native.closeAll(isMainThread));

/**
 * The longest time, in milliseconds, that process exit waits for each socket's queued
 * messages to leave (default 1000). Sockets with a smaller ZMQ_LINGER use theirs.
 */
export function setExitLinger(ms: number): void {
  native.setExitLinger(requireInt("ms", ms, 0));
}

/** The current exit linger cap in milliseconds. */
export function getExitLinger(): number {
  return native.getExitLinger();
}
