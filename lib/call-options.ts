// The per-call options of the asynchronous operations (send, recv, recvMultipart, recvMsg,
// recvMany, poll, Poller.poll, messages()): where a flags number stands, an object that
// may also carry an AbortSignal and a timeout. Parsed here once, for every operation.
import { requireInt } from "./validate";

/** How long one call may wait, and what may cancel it. */
export interface CancelOptions {
  /**
   * Cancels the call while it waits: it rejects with `signal.reason` (an `AbortError` by
   * default; `AbortSignal.timeout(ms)` gives a `TimeoutError`), and the socket is left as if
   * it had never been made. A call that already finished is not undone.
   */
  signal?: AbortSignal;
  /**
   * The longest the call waits, in ms (-1: for ever), in place of the socket's RCVTIMEO or
   * SNDTIMEO for this call only; then it rejects with a ZmqError of code EAGAIN, as they do.
   */
  timeout?: number;
}

/** `recv`'s, `recvMultipart`'s and `recvMsg`'s options, in place of their flags. */
export interface ReceiveOptions extends CancelOptions {
  /** zmq.DONTWAIT: reject with EAGAIN at once where the call would wait. */
  flags?: number;
}

/** What bounds one pending operation: its own timeout (undefined: the socket's) and signal. */
export interface Bounds {
  readonly timeout: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** The flags and bounds of an operation's options: flags alone, or an options object. */
export function readCallOptions(options: unknown, what: string): [number, Bounds | undefined] {
  if (typeof options === "number") return [requireInt("flags", options), undefined];
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${what} takes its flags or an options object, got ${options === null ? "null" : typeof options}`);
  }
  const { flags, signal, timeout } = options as ReceiveOptions;
  return [flags === undefined ? 0 : requireInt("flags", flags), readBounds(signal, timeout)];
}

/** The bounds given (undefined when neither is), checked. */
export function readBounds(signal: unknown, timeout: unknown): Bounds | undefined {
  if (signal === undefined && timeout === undefined) return undefined;
  if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError("signal must be an AbortSignal");
  return {
    signal: signal as AbortSignal | undefined,
    timeout: timeout === undefined ? undefined : requireInt("timeout", timeout, -1),
  };
}

// As Node's own check: an object with `aborted` and the listener methods, so a signal of
// another realm (vm, a polyfill) is taken too.
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function"
  );
}

/** What an operation cancelled by `signal` rejects with: its reason, else an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
