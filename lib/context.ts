import "./disposal";
import { native, type NativeContext } from "./native";
import {
  checkContextOption,
  MAX_IO_THREADS,
  type ReadableContextOption,
  type ThreadScheduling,
  type WritableContextOption,
} from "./context-options";
import type { Socket } from "./socket";
import { requireInt } from "./validate";
import { newSocket } from "./new-socket";

/** What `ctx.share()` returns: post it to a Worker and `Context.attach` it there. */
export interface SharedContext {
  readonly zmqNapiContext: bigint;
}

const { SOCKET_LIMIT } = native.constants as Record<string, number>;

// What wrapNative passes as `ioThreads` to make a Context around an existing native context
// (attached, or the default one). A class of this module alone: no other caller has one,
// and the public constructor keeps its one documented parameter.
class ExistingContext {
  constructor(readonly native: NativeContext) {}
}

// Whether a context was shut down or terminated: it makes no socket any more. Set by
// Context's static block (its native object is private to it).
let isEnded: (ctx: Context) => boolean;

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
  #terming: Promise<void> | undefined;
  #scheduling: ThreadScheduling = { policy: -1, priority: -1 };

  /** `ioThreads` as for ZMQ_IO_THREADS (the Guide's `zmq_init(1)`), at most 256. */
  constructor(ioThreads = 1) {
    const existing: unknown = ioThreads;
    if (existing instanceof ExistingContext) {
      this.#native = existing.native;
      return;
    }
    requireInt("ioThreads", ioThreads, 0, MAX_IO_THREADS);
    this.#native = new native.Context(ioThreads);
  }

  /**
   * The same libzmq context in another thread: `Context.attach(shared)` in a Worker that
   * was posted the value of `ctx.share()`. Keep the sharing Context alive until then.
   *
   * @example
   * new Worker(file, { workerData: ctx.share() })         // main thread
   * const workerCtx = zmq.Context.attach(workerData)     // in the Worker
   */
  static attach(shared: SharedContext): Context {
    if (typeof shared !== "object" || shared === null || typeof shared.zmqNapiContext !== "bigint") {
      throw new TypeError("Context.attach takes the value of ctx.share()");
    }
    return wrapNative(native.attachContext(shared.zmqNapiContext));
  }

  /** Makes a socket of the given type (zmq.REQ, zmq.PUB, …). */
  socket(type: number): Socket {
    return newSocket(this, this.#native, type);
  }

  /**
   * zmq_ctx_set, e.g. `ctx.set(zmq.MAX_SOCKETS, 4096)`. Typed by option: a read-only one
   * (zmq.MSG_T_SIZE) is a type error; a computed one (a plain `number`) is checked at run time.
   */
  set<O extends number>(option: number extends O ? O : O & WritableContextOption, value: number): void {
    requireInt("option", option);
    requireInt("value", value);
    // The check updates #scheduling only when the value passes; libzmq may still refuse it.
    const scheduling = { ...this.#scheduling };
    checkContextOption(option, value, scheduling, () => this.#native.get(SOCKET_LIMIT));
    this.#native.set(option, value);
    this.#scheduling = scheduling;
  }

  /** zmq_ctx_get; a write-only option (zmq.THREAD_AFFINITY_CPU_ADD) is a type error. */
  get<O extends number>(option: number extends O ? O : O & ReadableContextOption): number {
    return this.#native.get(requireInt("option", option));
  }

  /** A value that can be posted to a Worker, where `Context.attach` gives this context. */
  share(): SharedContext {
    return { zmqNapiContext: this.#native.share() };
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
    // Every call settles with the one termination: after the last socket is closed.
    this.#terming ??= this.#native.term();
    return this.#terming;
  }

  /**
   * `await using ctx = new zmq.Context()`: the context is terminated when the scope ends, as
   * by `term()` (sockets still open then make it wait: `using` them in the same scope closes
   * them first). No `Symbol.dispose`: ending a context waits for its sockets' linger, which a
   * synchronous dispose could only do by blocking the thread.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.term();
  }

  /** True once term() was called. */
  get terminated(): boolean {
    return this.#native.terminated;
  }

  static {
    isEnded = (ctx) => ctx.#native.ended;
  }
}

function wrapNative(nativeContext: NativeContext): Context {
  return new Context(new ExistingContext(nativeContext) as unknown as number);
}

/** The Guide's `zmq_init(ioThreads)`: the same as `new Context(ioThreads)`. */
export function init(ioThreads = 1): Context {
  return new Context(ioThreads);
}

let defaultContext: Context | undefined;

/**
 * The process-wide default context: one libzmq context shared by the main thread and every
 * Worker, so `inproc://` endpoints connect across threads.
 * Once shut down or terminated (by any thread), the next call makes a fresh one.
 */
export function context(): Context {
  if (defaultContext === undefined || isEnded(defaultContext)) {
    defaultContext = wrapNative(native.defaultContext());
  }
  return defaultContext;
}
