// The legacy EventEmitter socket, on a zmq-napi Socket of the default context. Sends are
// tried at once and otherwise held in order (outbox.ts); receives are taken synchronously,
// as 'message' events or by read() (receive.ts). Waiting is the socket's own ZMQ_FD watch,
// which zmq-napi's engine shares with zmq.poll (a poll waiter, lib/engine/registry.ts):
// from the first bind or connect to close() it is on, and keeps the process alive unless
// unref()ed. On each wake the socket reads ZMQ_EVENTS (which rearms ZMQ_FD), delivers what
// arrived and sends what it held, trying a held message whatever POLLOUT says: a ROUTER with
// ROUTER_MANDATORY and no such peer has no POLLOUT in libzmq 4.3, and its send must fail
// with EHOSTUNREACH, not wait for ever.
import { EventEmitter } from "node:events";
import { POLLIN, SNDMORE, SUBSCRIBE, UNSUBSCRIBE } from "../constants";
import { internalsOf, type SocketInternals } from "../engine/registry";
import { isEndOfSocket } from "../errors";
import type { Socket as NapiSocket } from "../socket";
import { types } from "./constants";
import { compatContext } from "./context";
import { closeNow, drainAtExit, drainThenClose } from "./drain";
import { compatError, throwUncaught } from "./errors";
import { LegacyMonitor } from "./monitor";
import { defineOptionAccessors, fromOptionValue, optionId, toOptionValue } from "./options";
import { Outbox, toFrame, type Outgoing, type SendCallback } from "./outbox";
import { hold, release } from "./process-life";
import { MAX_MESSAGE_FRAMES, ReceiveGate, readMessage, tooManyFrames } from "./receive";
import { toldLater, type Callback } from "./told-later";

/** Messages moved (received and sent) per turn of the event loop before a socket yields. */
const BATCH = 256;

/** The socket type names `socket(type)` takes. */
export type SocketType =
  | "pub" | "xpub" | "sub" | "xsub" | "req" | "xreq" | "rep" | "xrep"
  | "push" | "pull" | "dealer" | "router" | "pair" | "stream";

// The option accessors (`sock.identity = "PEER2"`, `sock.linger`) are defined from the
// short-name table below the class.
export interface Socket {
  [option: string]: unknown;
  /** 'message': the frames of each message as separate Buffers. */
  on(event: "message", listener: (...frames: Buffer[]) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: "message", listener: (...frames: Buffer[]) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}

// For the proxy (proxy.ts), kept off the socket's public surface: whether 'message' events
// are read at all, and a send that reports when it settled and fails as an uncallbacked one
// does (to 'error'). Set by the class's static block.
let setReading: (sock: Socket, reading: boolean) => void;
let sendThen: (sock: Socket, message: Buffer[], settled: () => void) => void;

/**
 * A legacy `zmq` socket: an EventEmitter. Make one with `zmq.socket(type)`.
 *
 * @example
 * const sock = zmq.socket("pull")
 * sock.connect("tcp://127.0.0.1:3000")
 * sock.on("message", (msg) => console.log(msg.toString()))
 */
export class Socket extends EventEmitter {
  /** The type's name, as given to `socket(type)`. */
  readonly type: SocketType;

  readonly #socket: NapiSocket;
  readonly #internals: SocketInternals;
  readonly #outbox: Outbox;
  readonly #gate: ReceiveGate;
  #partial: Outgoing | undefined; // the frames sent with SNDMORE so far
  #paused = false;
  #reading = true; // false while a proxy's destination has no room (see setReading)
  #closed = false;
  #watching = false;
  #serving = false;
  #scheduled = false;
  #monitor: LegacyMonitor | undefined;
  readonly #wake = () => this.#serveFromLoop();

  static {
    setReading = (sock, reading) => {
      sock.#reading = reading;
      if (reading) sock.#schedule();
    };
    sendThen = (sock, message, settled) =>
      sock.send(message, 0, (error) => {
        settled();
        if (error !== undefined) sock.#sendFailed(error);
      });
  }

  constructor(type: SocketType) {
    super();
    if (typeof type !== "string" || !Object.hasOwn(types, type)) {
      throw new TypeError(`socket type must be one of ${Object.keys(types).join(", ")}, got ${String(type)}`);
    }
    this.type = type;
    this.#socket = compatContext().socket(types[type]);
    this.#internals = internalsOf(this.#socket);
    this.#gate = new ReceiveGate(this.#socket.type);
    this.#outbox = new Outbox(this.#socket, (message, error) => this.#settle(message, error));
    // A 'message' listener added later gets what waited meanwhile.
    this.on("newListener", (event: string | symbol) => {
      if (event === "message") this.#schedule();
    });
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Binds; then emits 'bind' and calls `cb()`, or calls `cb(err)` (without cb: 'error'). */
  bind(address: string, cb?: Callback): this {
    toldLater(this, () => this.bindSync(address), "bind", address, cb);
    return this;
  }

  /** Binds now (zmq_bind); throws on failure. */
  bindSync(address: string): this {
    this.#socket.bind(address);
    this.#watch();
    return this;
  }

  /** Unbinds; then emits 'unbind' and calls `cb()`, or calls `cb(err)` (without cb: 'error'). */
  unbind(address: string, cb?: Callback): this {
    toldLater(this, () => this.unbindSync(address), "unbind", address, cb);
    return this;
  }

  /** Unbinds now (zmq_unbind); throws on failure. */
  unbindSync(address: string): this {
    this.#socket.unbind(address);
    return this;
  }

  /** Connects (zmq_connect); libzmq connects in the background. */
  connect(address: string): this {
    this.#socket.connect(address);
    this.#watch();
    return this;
  }

  /** Disconnects from an address connected before (zmq_disconnect). */
  disconnect(address: string): this {
    this.#socket.disconnect(address);
    return this;
  }

  /** Sets an option by id (zmq.ZMQ_LINGER) or short name ("linger"). */
  setsockopt(option: number | string, value: unknown): this {
    const id = optionId(option);
    this.#socket.setsockopt(id, toOptionValue(id, value));
    return this;
  }

  /** Reads an option by id or short name; flags and 64-bit values come as numbers. */
  getsockopt(option: number | string): unknown {
    return fromOptionValue(this.#socket.getsockopt(optionId(option)));
  }

  /** A SUB's ZMQ_SUBSCRIBE: receive the messages that start with `filter`. */
  subscribe(filter: string | Buffer): this {
    this.#socket.setsockopt(SUBSCRIBE, filter);
    return this;
  }

  /** A SUB's ZMQ_UNSUBSCRIBE: undoes one `subscribe(filter)`. */
  unsubscribe(filter: string | Buffer): this {
    this.#socket.setsockopt(UNSUBSCRIBE, filter);
    return this;
  }

  /** The socket keeps the process alive while bound or connected (the default). */
  ref(): this {
    this.#internals.setKeepAlive(true);
    return this;
  }

  /** The socket no longer keeps the process alive. */
  unref(): this {
    this.#internals.setKeepAlive(false);
    return this;
  }

  /** Holds incoming 'message' events and outgoing sends until resume(). */
  pause(): this {
    this.#paused = true;
    return this;
  }

  /** Delivers what waited and sends what was held, now. */
  resume(): this {
    this.#paused = false;
    if (this.#watching) this.#serve();
    return this;
  }

  /** The next whole message as its frames, if one is waiting; else null. Never waits. */
  read(): Buffer[] | null {
    if (this.#closed || !this.#gate.open) return null;
    const frames = readMessage(this.#socket);
    if (frames !== null) this.#gate.received();
    this.#schedule(); // the receive may have taken the signal a held send waited for
    return frames;
  }

  /**
   * Sends a message: a Buffer, a string, anything else as `String(x)`, or an array (one
   * multipart message). Parts sent with ZMQ_SNDMORE wait for the last. Tried at once; held
   * in order where the socket cannot take it yet. `cb` gets the error, or nothing once
   * libzmq has the message; without it, a failure is an 'error' event.
   */
  send(message: unknown, flags = 0, cb?: SendCallback): this {
    const outgoing = this.#partial ?? { frames: [], callbacks: [] };
    if (Array.isArray(message)) for (const part of message) outgoing.frames.push(toFrame(part));
    else outgoing.frames.push(toFrame(message));
    if (cb !== undefined) outgoing.callbacks.push(cb);
    if ((flags & SNDMORE) !== 0) {
      this.#partial = outgoing;
      return this;
    }
    this.#partial = undefined;
    if (this.#closed) {
      this.#settle(outgoing, compatError("ENOTSOCK"));
      return this;
    }
    this.#outbox.send(outgoing, this.#paused);
    // The send may have taken the signal of a message that came meanwhile.
    if (this.#gate.open) this.#schedule();
    return this;
  }

  /**
   * Closes the socket, handing libzmq first what it still holds (what it has no room for
   * yet goes on after, see drain.ts); a second close throws.
   */
  close(): this {
    if (this.#closed) throw compatError("ENOTSOCK");
    try {
      this.#outbox.flush();
    } finally {
      // Closed even if a callback the flush ran threw: no watch may outlive close().
      this.#closed = true;
      this.#partial = undefined;
      this.#monitor?.stop();
      this.#monitor = undefined;
      if (this.#watching) this.#internals.removePollWaiter(this.#wake);
      if (this.#watching && this.#outbox.held > 0 && this.#outbox.drains) {
        drainThenClose(this.#socket, this.#internals, this.#outbox, () => release(this));
      } else {
        release(this);
        closeNow(this.#socket, this.#outbox);
      }
    }
    return this;
  }

  /**
   * Emits the socket's monitor events by name ('connect', 'accept', 'disconnect', …) with
   * (value, endpoint, error?), `numOfEvents` of them (0: all) every `interval` ms.
   */
  monitor(interval = 10, numOfEvents = 1): this {
    this.#monitor?.stop();
    this.#monitor = new LegacyMonitor(this.#socket, interval, numOfEvents, (name, ...args) =>
      this.emit(name, ...args),
    );
    return this;
  }

  /** Stops the events `monitor()` started. */
  unmonitor(): this {
    this.#monitor?.stop();
    this.#monitor = undefined;
    return this;
  }

  #watch(): void {
    if (!this.#watching) {
      this.#watching = true;
      this.#internals.addPollWaiter(this.#wake);
      hold(this, () => {
        // closed() but maybe still draining: what it holds goes too
        if (!this.#socket.closed) drainAtExit(this.#socket, this.#internals, this.#outbox);
      });
    }
    this.#schedule();
  }

  // A sent message's callbacks; a failed one's, or 'error' (after close: only if listened).
  #settle(message: Outgoing, error?: Error): void {
    if (error === undefined) this.#gate.sent();
    if (message.callbacks.length > 0) {
      for (const callback of message.callbacks) callback.call(this, error);
    } else if (error !== undefined) {
      this.#sendFailed(error);
    }
  }

  #sendFailed(error: Error): void {
    if (!this.#closed || this.listenerCount("error") > 0) this.emit("error", error);
  }

  #schedule(): void {
    if (this.#scheduled || this.#closed || !this.#watching) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#serveFromLoop();
    });
  }

  // From the watch or a timer: what goes wrong there (an 'error' nobody listens to, a
  // callback that throws) is an uncaught exception, as in any EventEmitter.
  #serveFromLoop(): void {
    try {
      this.#serve();
    } catch (error) {
      if (isEndOfSocket(error)) this.#ended();
      else throwUncaught(error);
    }
  }

  #serve(): void {
    if (this.#closed || this.#serving) return;
    this.#serving = true;
    try {
      this.#serveRounds();
    } finally {
      this.#serving = false;
    }
  }

  #serveRounds(): void {
    let moved = 0;
    for (;;) {
      if (this.#closed) return;
      // Reading ZMQ_EVENTS processes libzmq's commands: ZMQ_FD signals anew after it.
      const readable = (this.#internals.events() & POLLIN) !== 0;
      const received = readable ? this.#deliver(BATCH - moved) : 0;
      const flushed = this.#paused || this.#closed ? undefined : this.#outbox.flush(BATCH - moved - received);
      moved += received + (flushed?.moved ?? 0);
      if (moved >= BATCH) return this.#schedule(); // yield: timers and other sockets go first
      if (received > 0 || (flushed?.moved ?? 0) > 0) continue;
      // A send that would block read commands too: anything they brought is read next.
      if (flushed?.attempted !== true || this.#closed) return;
      if ((this.#internals.events() & POLLIN) === 0 || !this.#wantsMessages()) return;
    }
  }

  #wantsMessages(): boolean {
    return (
      !this.#paused && this.#reading && !this.#closed && this.#gate.open && this.listenerCount("message") > 0
    );
  }

  // 'message' events for what waits, up to `max`; a listener that throws is an 'error'.
  #deliver(max: number): number {
    let count = 0;
    while (count < max && this.#wantsMessages()) {
      const frames = readMessage(this.#socket);
      if (frames === null) break;
      count++;
      this.#gate.received();
      if (frames.length > MAX_MESSAGE_FRAMES) {
        // An 'error' that carries them or, with nobody listening, a warning: a peer chose the
        // count, which is no fault of this process to end it for.
        if (this.listenerCount("error") > 0) this.#listenerFailed(tooManyFrames(frames));
        else process.emitWarning(tooManyFrames(frames));
        continue;
      }
      try {
        this.emit("message", ...frames);
      } catch (error) {
        this.#listenerFailed(error);
      }
    }
    return count;
  }

  #listenerFailed(error: unknown): void {
    if (this.listenerCount("error") === 0) return throwUncaught(error);
    try {
      this.emit("error", error);
    } catch (again) {
      throwUncaught(again);
    }
  }

  // Closed behind compat's back (the context terminated, the process exiting).
  #ended(): void {
    this.#closed = true;
    this.#monitor?.stop();
    release(this);
  }
}

export { sendThen, setReading };

defineOptionAccessors(Socket.prototype);
