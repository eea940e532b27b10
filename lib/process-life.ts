// What happens to sockets when the process (or a Worker) ends.
import { isMainThread } from "node:worker_threads";
import { native } from "./native";
import { internalsOf, socketsWithPending } from "./engine/registry";
import { requireInt } from "./validate";

// On exit, sends still pending in a socket's queue here (past a turn's budget, or waiting
// for room) are handed to libzmq as far as it can take them; then every socket still open is
// closed with its linger capped, and its context terminated: messages queued to connected
// peers are delivered first, but a socket with no peer never holds the exit up for longer
// than the cap.
process.on("exit", () => {
  for (const socket of [...socketsWithPending]) internalsOf(socket).flushSends();
  native.closeAll(isMainThread);
});

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
