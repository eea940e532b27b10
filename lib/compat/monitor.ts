// The legacy monitor: zmq-napi's SocketMonitor reads the events as they come; they are
// emitted on the socket by name, `numOfEvents` of them (0: all) every `interval` ms, with
// (value, endpoint) and, for the events whose value is an errno, an Error. A failure of the
// monitor itself is 'monitor_error'.
import type { MonitorEvent, SocketMonitor } from "../monitor";
import type { Socket as NapiSocket } from "../socket";
import { requireInt } from "../validate";
import { ERRNO_EVENTS, events } from "./constants";
import { errnoError } from "./errors";

export type Emit = (name: string, ...args: unknown[]) => void;

/**
 * The most events that wait for the timer; later ones are dropped until it has emitted
 * some. The legacy binding left them in libzmq's monitor socket, whose high-water mark
 * (1000) bounds them the same way: a peer that connects and disconnects faster than
 * `numOfEvents` per `interval` must not grow this queue for ever.
 */
export const MAX_QUEUED_EVENTS = 1000;

export class LegacyMonitor {
  readonly #monitor: SocketMonitor;
  readonly #timer: NodeJS.Timeout;
  readonly #queue: MonitorEvent[] = [];

  constructor(socket: Pick<NapiSocket, "monitor">, interval: number, numOfEvents: number, emit: Emit) {
    requireInt("interval", interval, 0);
    requireInt("numOfEvents", numOfEvents, 0);
    this.#monitor = socket.monitor();
    this.#monitor.on("event", (event: MonitorEvent) => {
      if (this.#queue.length < MAX_QUEUED_EVENTS) this.#queue.push(event);
    });
    this.#monitor.on("error", (error: unknown) => emit("monitor_error", error));
    // The socket's own watch decides whether the process lives, not its monitor.
    this.#timer = setInterval(() => this.#emitSome(numOfEvents, emit), interval).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#monitor.close();
  }

  #emitSome(numOfEvents: number, emit: Emit): void {
    const count = numOfEvents === 0 ? this.#queue.length : Math.min(numOfEvents, this.#queue.length);
    for (const { event, value, endpoint } of this.#queue.splice(0, count)) {
      const name = events[event];
      if (name === undefined) continue;
      if (ERRNO_EVENTS.has(event)) emit(name, value, endpoint, errnoError(value));
      else emit(name, value, endpoint);
    }
  }
}
