// Compat sockets for a test, closed after it whatever happened; and waits on their events
// that fail with a message naming what never came.
import { once, type EventEmitter } from "node:events";
import { afterEach } from "vitest";
import zmq from "zmq-napi/compat";
import { within } from "./fixture-process";

export function useCompatSockets(): (type: zmq.SocketType) => zmq.Socket {
  const sockets: zmq.Socket[] = [];
  afterEach(() => {
    for (const sock of sockets.splice(0)) if (!sock.closed) sock.close();
  });
  return (type) => {
    const sock = zmq.socket(type);
    sockets.push(sock);
    return sock;
  };
}

/** The arguments of `emitter`'s next `event`. */
export function next(emitter: EventEmitter, event: string, what = `a '${event}' event`): Promise<unknown[]> {
  return within(once(emitter, event), what);
}

/** The frames of the socket's next 'message', as strings. */
export async function nextMessage(sock: EventEmitter): Promise<string[]> {
  return (await next(sock, "message")).map(String);
}

/** Waits, a turn of the event loop at a time, until `look` finds something. */
export async function until<T>(look: () => T | null | undefined, what: string): Promise<T> {
  let giveUp = false;
  const looking = (async () => {
    while (!giveUp) {
      const value = look();
      if (value !== null && value !== undefined) return value;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`${what}: gave up`);
  })();
  try {
    return await within(looking, what);
  } finally {
    giveUp = true;
  }
}

let counter = 0;
/** A fresh inproc endpoint. */
export function inproc(): string {
  return `inproc://compat-${process.pid}-${++counter}`;
}
