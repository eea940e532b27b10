// The life of compat sockets around the process's. A bound or connected socket is held
// here until it is closed, so it is never collected while it may still deliver messages;
// its watch keeps the process alive (unless unref()ed). At exit, before zmq-napi's own exit
// handler closes every socket with its linger (lib/process-life.ts), each hands libzmq what
// it still holds, so messages sent right before process.exit() are delivered.
import "../process-life"; // zmq-napi's exit handler, which this one runs before

const open = new Map<object, () => void>();

process.prependListener("exit", () => {
  for (const flush of [...open.values()]) flush();
});

/** Holds `socket` until `release`, and calls `flush` at exit if it is still held. */
export function hold(socket: object, flush: () => void): void {
  open.set(socket, flush);
}

export function release(socket: object): void {
  open.delete(socket);
}
