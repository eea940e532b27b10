// The per-call options of the asynchronous operations (send, recv, recvMultipart, recvMsg,
// recvMany, poll, Poller.poll, messages(), a monitor's events()): where a flags number (or
// poll's timeout) stands, an object that may also carry an AbortSignal and a timeout. Read
// and checked here, and the one way a wait is bounded by them (armBounds).
import { wouldBlockError } from "./errors";
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

/** `recv`'s, `recvMultipart`'s, `recvMsg`'s and `recvMany`'s options, in place of their flags. */
export interface ReceiveOptions extends CancelOptions {
  /** zmq.DONTWAIT: reject with EAGAIN at once where the call would wait. */
  flags?: number;
}

/** What bounds one pending operation: its own timeout (undefined: the socket's) and signal. */
export interface Bounds {
  readonly timeout: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** The flags and bounds of a receive's options object (its flags alone are read by the caller). */
export function readCallOptions(options: unknown, what: string): [number, Bounds | undefined] {
  requireOptionsObject(options, `${what} takes its flags or an options object`);
  const { flags, signal, timeout } = options as ReceiveOptions;
  return [flags === undefined ? 0 : requireInt("flags", flags), readBounds(signal, timeout)];
}

/** The bounds of an options object that holds nothing else (messages(), events(), poll). */
export function readCancelOptions(options: unknown, what: string): Bounds | undefined {
  requireOptionsObject(options, what);
  const { signal, timeout } = options as CancelOptions;
  return readBounds(signal, timeout);
}

function requireOptionsObject(options: unknown, what: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${what}, got ${options === null ? "null" : typeof options}`);
  }
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

/**
 * Arms a wait's bounds: `cancel` is called with EAGAIN once `ms` pass (-1: no timer) and
 * with the signal's reason once it aborts. Returns what takes both down, for when the wait
 * ends first.
 */
export function armBounds(ms: number, signal: AbortSignal | undefined, cancel: (reason: unknown) => void): () => void {
  const timer = ms < 0 ? undefined : setTimeout(() => cancel(wouldBlockError()), ms);
  const onAbort = () => cancel(abortReason(signal!));
  signal?.addEventListener("abort", onAbort, { once: true });
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    // An aborted signal has let go of its once-listeners; removing each of thousands from
    // within the abort would cost the square of their number.
    if (signal !== undefined && !signal.aborted) signal.removeEventListener("abort", onAbort);
  };
}

/** What an operation cancelled by `signal` rejects with: its reason, else an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}
