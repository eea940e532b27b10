import "./disposal";
import { EventEmitter } from "node:events";
import { internalSocket } from "./diagnostics";
import { requireDraftApi } from "./draft";
import { abortReason, armBounds, readCancelOptions, type Bounds, type CancelOptions } from "./call-options";
import { isEndOfSocket, ZmqError } from "./errors";
import { Fifo } from "./fifo";
import { native, type NativeSocket } from "./native";
import { internalsOf } from "./engine/registry";
import type { Socket } from "./socket";
import { requireInt } from "./validate";

/** One socket event, as zmq_socket_monitor reports it. */
export interface MonitorEvent {
  /** The ZMQ_EVENT_* value, e.g. zmq.EVENT_CONNECTED. */
  event: number;
  /** Its name without the prefix: "CONNECTED", "HANDSHAKE_FAILED_AUTH", … */
  name: string;
  /** The endpoint the event is about (version 2: the remote one where there is one, else the local). */
  endpoint: string;
  /** The event's value: an fd, an errno, a reconnect interval or a protocol error code. */
  value: number;
  /** Version 2: every value of the event, 64 bits wide (PIPES_STATS has two). */
  values?: bigint[];
  /** Version 2: the local endpoint (a bind's, or the local address of a connection). */
  localEndpoint?: string;
  /** Version 2: the remote endpoint (a connect's, or the peer of an accepted connection). */
  remoteEndpoint?: string;
}

/** `socket.monitor(events, options)`. */
export interface MonitorOptions {
  /**
   * 1 (zmq_socket_monitor), or 2 (zmq_socket_monitor_versioned, draft API): events with
   * their local and remote endpoints and all their values, 64 bits wide.
   */
  version?: 1 | 2;
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

// How many events wait for an iteration at most; past it the oldest go. A monitor used only
// as an EventEmitter would otherwise keep every event it ever had; libzmq's own queue of a
// monitor's events, unread, holds 1,000 too (its PAIR's high-water mark).
const MAX_BUFFERED_EVENTS = 1000;

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
  readonly #version: number;
  #ended = false;

  /** @internal Use `socket.monitor(events, options)`. */
  constructor(socket: Socket, target: NativeSocket, events: number | bigint, options: MonitorOptions) {
    super();
    this.#target = target;
    if (typeof options !== "object" || options === null) throw new TypeError("monitor options must be an object");
    this.#version = requireInt("version", options.version ?? 1, 1, 2);
    const endpoint = `inproc://zmq-napi.monitor.${process.pid}.${++monitors}`;
    if (this.#version === 2) {
      requireDraftApi("monitor version 2");
      if (typeof events === "number") events = BigInt(requireInt("events", events, 0));
      if (typeof events !== "bigint") throw new TypeError("events must be a number or a bigint");
      target.monitorVersioned(endpoint, events, 2);
    } else {
      if (typeof events === "bigint" && events <= 0xffffn) events = Number(events);
      target.monitor(endpoint, requireInt("events", events, 0));
    }
    this.#reader = internalSocket(() => socket.context.socket(PAIR));
    internalsOf(this.#reader).setKeepAlive(false);
    this.#reader.connect(endpoint);
    void this.#read();
  }

  /** Stops monitoring; the iteration ends after the events already reported. */
  close(): void {
    if (this.#ended || this.#target.closed) return;
    this.#target.monitor(null, 0); // libzmq then reports MONITOR_STOPPED, which ends #read
  }

  /** `using monitor = sock.monitor()`: monitoring stops when the scope ends, as by `close()`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Version 2 with zmq.EVENT_PIPES_STATS among its events (draft API): asks for one
   * PIPES_STATS event per connection, whose `values` are the messages queued to the peer and
   * from it. EAGAIN while the socket has no connection. libzmq answers through the socket's
   * commands: the events come while an operation waits on the socket, or at its next call.
   *
   * @example monitor.requestPipesStats(); // then, an event { name: "PIPES_STATS", values: [0n, 2n] }
   */
  requestPipesStats(): void {
    requireDraftApi("requestPipesStats");
    this.#target.queryPipesStats();
  }

  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    return this.events();
  }

  /**
   * The events, as `for await (… of monitor)` yields them; with `{ signal }` the wait for the
   * next one is cancelled when it aborts (the loop throws the signal's reason, and the event
   * is left for the next wait), with `{ timeout }` each wait is bounded (EAGAIN).
   *
   * @example for await (const { name } of monitor.events({ signal: AbortSignal.timeout(5000) })) console.log(name)
   */
  events(options: CancelOptions = {}): AsyncIterableIterator<MonitorEvent> {
    const bounds = readCancelOptions(options, "events takes an options object");
    const iterator: AsyncIterableIterator<MonitorEvent> = {
      next: () => {
        if (bounds?.signal?.aborted) return Promise.reject(abortReason(bounds.signal));
        const event = this.#buffered.shift();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        if (bounds !== undefined) return this.#waitBounded(bounds);
        // Someone awaits an event: that, unlike the monitor itself, keeps the process alive.
        internalsOf(this.#reader).setKeepAlive(true);
        return new Promise((resolve) => this.#waiting.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  // The wait for the next event, ended by the signal (its reason) or the timeout (EAGAIN)
  // without taking one.
  #waitBounded({ signal, timeout }: Bounds): Promise<IteratorResult<MonitorEvent>> {
    internalsOf(this.#reader).setKeepAlive(true);
    return new Promise((resolve, reject) => {
      const settle = (result: IteratorResult<MonitorEvent>) => {
        unbind();
        resolve(result);
      };
      const unbind = armBounds(timeout ?? -1, signal, (reason) => {
        if (!this.#waiting.remove(settle)) return;
        unbind();
        if (this.#waiting.length === 0) internalsOf(this.#reader).setKeepAlive(false);
        reject(reason);
      });
      this.#waiting.push(settle);
    });
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
      for await (const frames of this.#reader) {
        if (this.#version === 2) {
          if (!this.#deliverVersion2(frames)) return false;
          continue;
        }
        const [head, endpoint] = frames;
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

  /** Version 2's frames: event, count, the values, local and remote endpoint; numbers 64-bit, host byte order. */
  #deliverVersion2(frames: Buffer[]): boolean {
    const event = Number(frames[0].readBigUInt64LE(0));
    if (event === EVENT_MONITOR_STOPPED) return false;
    const count = Number(frames[1].readBigUInt64LE(0));
    const values = frames.slice(2, 2 + count).map((frame) => frame.readBigUInt64LE(0));
    const localEndpoint = frames[2 + count]?.toString() ?? "";
    const remoteEndpoint = frames[3 + count]?.toString() ?? "";
    this.#deliver({
      event,
      name: EVENT_NAMES.get(event) ?? `UNKNOWN_${event}`,
      endpoint: remoteEndpoint || localEndpoint,
      value: Number(values[0] ?? 0n),
      values,
      localEndpoint,
      remoteEndpoint,
    });
    return true;
  }

  #deliver(event: MonitorEvent): void {
    const waiting = this.#waiting.shift();
    if (waiting !== undefined) waiting({ value: event, done: false });
    else {
      this.#buffered.push(event);
      if (this.#buffered.length > MAX_BUFFERED_EVENTS) this.#buffered.shift();
    }
    if (this.#waiting.length === 0) internalsOf(this.#reader).setKeepAlive(false);
    this.emit("event", event);
    this.emit(event.name, event);
  }
}
