// The legacy bind(addr, cb) and unbind(addr, cb) were asynchronous: compat does the work
// now (zmq_bind is quick) and tells of it on the next tick, as they did: the event
// ('bind', 'unbind') then cb(), or cb(err), or without cb an 'error' event.
import type { EventEmitter } from "node:events";
import { ZmqError } from "../errors";

/** A callback of bind and unbind: the error, or nothing. */
export type Callback = (error?: Error) => void;

/** Runs `operation` now; on the next tick emits `event` and calls `cb`, or reports its failure. */
export function toldLater(
  emitter: EventEmitter,
  operation: () => void,
  event: string,
  address: string,
  cb: Callback | undefined,
): void {
  let failure: unknown;
  try {
    operation();
  } catch (error) {
    if (!(error instanceof ZmqError)) throw error; // a wrong argument throws at once
    failure = error;
  }
  process.nextTick(() => {
    if (failure === undefined) {
      emitter.emit(event, address);
      cb?.call(emitter);
    } else if (cb !== undefined) {
      cb.call(emitter, failure as Error);
    } else {
      emitter.emit("error", failure);
    }
  });
}
