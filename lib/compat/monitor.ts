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

export class LegacyMonitor {
  readonly #monitor: SocketMonitor;
  readonly #timer: NodeJS.Timeout;
  readonly #queue: MonitorEvent[] = [];

  constructor(socket: NapiSocket, interval: number, numOfEvents: number, emit: Emit) {
    requireInt("interval", interval, 0);
    requireInt("numOfEvents", numOfEvents, 0);
    this.#monitor = socket.monitor();
    this.#monitor.on("event", (event: MonitorEvent) => this.#queue.push(event));
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
