// Compat sockets live on zmq-napi's default context (zmq.context()), so `inproc://` joins
// them to native sockets and Workers. As the legacy module did, ZMQ_IO_THREADS in the
// environment sets its I/O threads, if it is set before the first compat use.
import { context as defaultContext, type Context as NapiContext } from "../context";
import { IO_THREADS, MAX_SOCKETS } from "../constants";

let configured = false;

/** The default context, with ZMQ_IO_THREADS applied on first use. */
export function compatContext(): NapiContext {
  const ctx = defaultContext();
  if (!configured) {
    configured = true;
    const wanted = process.env.ZMQ_IO_THREADS;
    if (wanted !== undefined && wanted !== "") {
      const threads = Number(wanted);
      if (Number.isInteger(threads) && threads >= 1) ctx.set(IO_THREADS, threads);
      else process.emitWarning(`ZMQ_IO_THREADS=${wanted} is not a positive integer: using 1 I/O thread`);
    }
  }
  return ctx;
}

/**
 * The legacy `zmq.Context`: its static methods set and read the default context's
 * options. Compat has no other context; zmq-napi's own `Context` makes one of your own.
 *
 * @example zmq.Context.setMaxSockets(4096)
 */
export class Context {
  /** ZMQ_IO_THREADS of the default context (takes effect before its first socket). */
  static setMaxThreads(value: number): void {
    compatContext().set(IO_THREADS, value);
  }

  /** ZMQ_IO_THREADS of the default context. */
  static getMaxThreads(): number {
    return compatContext().get(IO_THREADS);
  }

  /** ZMQ_MAX_SOCKETS of the default context. */
  static setMaxSockets(value: number): void {
    compatContext().set(MAX_SOCKETS, value);
  }

  /** ZMQ_MAX_SOCKETS of the default context. */
  static getMaxSockets(): number {
    return compatContext().get(MAX_SOCKETS);
  }

  constructor() {
    throw new TypeError(
      "zmq-napi/compat sockets all live on the default context; use zmq-napi's Context for one of your own",
    );
  }
}
