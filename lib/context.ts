import { native, type NativeContext } from "./native";
import { Socket } from "./socket";
import { requireInt } from "./validate";

/**
 * A libzmq context: the container for sockets and their I/O threads.
 *
 * @example
 * const ctx = new zmq.Context()
 * const sock = ctx.socket(zmq.PUSH)
 * // …
 * sock.close()
 * await ctx.term()
 */
export class Context {
  readonly #native: NativeContext;

  /** `ioThreads` as for ZMQ_IO_THREADS (the Guide's `zmq_init(1)`). */
  constructor(ioThreads = 1) {
    requireInt("ioThreads", ioThreads, 0);
    this.#native = new native.Context(ioThreads);
  }

  /** Makes a socket of the given type (zmq.REQ, zmq.PUB, …). */
  socket(type: number): Socket {
    return new Socket(this, this.#native, type);
  }

  /** zmq_ctx_set, e.g. `ctx.set(zmq.MAX_SOCKETS, 4096)`. */
  set(option: number, value: number): void {
    this.#native.set(requireInt("option", option), requireInt("value", value));
  }

  /** zmq_ctx_get. */
  get(option: number): number {
    return this.#native.get(requireInt("option", option));
  }

  /** Makes every pending and later operation on this context's sockets fail with ETERM. */
  shutdown(): void {
    this.#native.shutdown();
  }

  /**
   * zmq_ctx_term without blocking the event loop: pending operations reject with ETERM and
   * the promise resolves once every socket of the context is closed (linger honoured).
   */
  term(): Promise<void> {
    return this.#native.term();
  }

  /** True once term() was called. */
  get terminated(): boolean {
    return this.#native.terminated;
  }
}

/** The Guide's `zmq_init(ioThreads)`: the same as `new Context(ioThreads)`. */
export function init(ioThreads = 1): Context {
  return new Context(ioThreads);
}

let defaultContext: Context | undefined;

/** The default context, made on first use. */
export function context(): Context {
  if (defaultContext === undefined || defaultContext.terminated) defaultContext = new Context();
  return defaultContext;
}
