import { EventEmitter } from "node:events";
import { isEndOfSocket, ZmqError } from "./errors";
import { Fifo } from "./fifo";
import { native, type NativeSocket } from "./native";
import { internalsOf } from "./engine/registry";
import type { Socket } from "./socket";

/** One socket event, as zmq_socket_monitor reports it. */
export interface MonitorEvent {
  /** The ZMQ_EVENT_* value, e.g. zmq.EVENT_CONNECTED. */
  event: number;
  /** Its name without the prefix: "CONNECTED", "HANDSHAKE_FAILED_AUTH", … */
  name: string;
  /** The endpoint the event is about. */
  endpoint: string;
  /** The event's value: an fd, an errno, a reconnect interval or a protocol error code. */
  value: number;
}

// ZMQ_EVENT_* value → name, from the constants of the zmq.h the addon was built against.
const EVENT_NAMES = new Map<number, string>();
for (const [key, value] of Object.entries(native.constants)) {
  if (key.startsWith("EVENT_") && !key.startsWith("EVENT_ALL") && typeof value === "number") {
    EVENT_NAMES.set(value, key.slice("EVENT_".length));
  }
}
const { PAIR, EVENT_MONITOR_STOPPED } = native.constants as Record<string, number>;

let monitors = 0;

/**
 * The events of one socket: an EventEmitter (`"event"` for each, and each event's name,
 * then `"end"`) and an async iterable. It ends when the socket is closed, its context
 * terminated, or `close()` is called. Made by `socket.monitor(events)`.
 */
export class SocketMonitor extends EventEmitter implements AsyncIterable<MonitorEvent> {
  readonly #target: NativeSocket;
  readonly #reader: Socket;
  readonly #buffered = new Fifo<MonitorEvent>();
  readonly #waiting = new Fifo<(result: IteratorResult<MonitorEvent>) => void>();
  #ended = false;

  /** @internal Use `socket.monitor(events)`. */
  constructor(socket: Socket, target: NativeSocket, events: number) {
    super();
    this.#target = target;
    const endpoint = `inproc://zmq-napi.monitor.${process.pid}.${++monitors}`;
    target.monitor(endpoint, events);
    this.#reader = socket.context.socket(PAIR);
    internalsOf(this.#reader).setKeepAlive(false);
    this.#reader.connect(endpoint);
    void this.#read();
  }

  /** Stops monitoring; the iteration ends after the events already reported. */
  close(): void {
    if (this.#ended || this.#target.closed) return;
    this.#target.monitor(null, 0); // libzmq then reports MONITOR_STOPPED, which ends #read
  }

  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    return {
      next: () => {
        const event = this.#buffered.shift();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        // Someone awaits an event: that, unlike the monitor itself, keeps the process alive.
        internalsOf(this.#reader).setKeepAlive(true);
        return new Promise((resolve) => this.#waiting.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  async #read(): Promise<void> {
    try {
      while (await this.#readUntilInterrupted());
    } catch (error) {
      if (!isEndOfSocket(error) && this.listenerCount("error") > 0) this.emit("error", error);
    } finally {
      this.#reader.close();
      this.#ended = true;
      for (const resolve of this.#waiting.drain()) resolve({ value: undefined, done: true });
      this.emit("end");
    }
  }

  /** Reads events until the monitor stops (false) or a caught signal interrupts (true). */
  async #readUntilInterrupted(): Promise<boolean> {
    try {
      for await (const [head, endpoint] of this.#reader) {
        // Frame 1: the event (uint16) and its value (uint32), in host byte order.
        const event = head.readUInt16LE(0);
        if (event === EVENT_MONITOR_STOPPED) return false;
        this.#deliver({
          event,
          name: EVENT_NAMES.get(event) ?? `UNKNOWN_${event}`,
          endpoint: endpoint?.toString() ?? "",
          value: head.readUInt32LE(2),
        });
      }
      return false;
    } catch (error) {
      // zmq.catchSignals interrupts every pending recv; a monitor just goes on.
      if (error instanceof ZmqError && error.code === "EINTR") return true;
      throw error;
    }
  }

  #deliver(event: MonitorEvent): void {
    const waiting = this.#waiting.shift();
    if (waiting !== undefined) waiting({ value: event, done: false });
    else this.#buffered.push(event);
    if (this.#waiting.length === 0) internalsOf(this.#reader).setKeepAlive(false);
    this.emit("event", event);
    this.emit(event.name, event);
  }
}
