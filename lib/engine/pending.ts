// The one shape of a pending operation, for both directions: a send waiting for room and a
// receive waiting for a message are each an entry of a PendingQueue, attempted by the
// engine (lib/engine/engine.ts) from the head on, in order, until one would block.
import { wouldBlockError } from "../errors";
import { Fifo } from "../fifo";

// What an operation attempts (SocketEngine's #attempt). Numbers rather than a closure per
// operation: an entry is one object, and the attempt a direct call.
/** send: `arg` is the message. */
export const SEND = 0;
/** sendMany: `arg` is its SendBatch. */
export const SEND_MANY = 1;
/** recv: one frame. */
export const RECV_FRAME = 2;
/** recvMultipart: one message. */
export const RECV_MESSAGE = 3;
/** recvMany: `arg` is the most messages. */
export const RECV_MANY = 4;
/** recvMsg: one frame as a Message. */
export const RECV_MSG = 5;
/** The async iterator's next(): an IteratorResult; the socket's end resolves it as done. */
export const RECV_NEXT = 6;

/** Whether an operation of `kind` sends (else it receives). */
export function sends(kind: number): boolean {
  return kind <= SEND_MANY;
}

/** A sendMany's messages, sent from index `next` on. */
export interface SendBatch {
  readonly messages: readonly unknown[];
  next: number;
}

/** An operation queued until it can go: what to attempt, and how it is settled. */
export interface PendingOperation {
  readonly kind: number;
  readonly arg: unknown;
  readonly flags: number;
  resolve(value: never): void;
  reject(error: unknown): void;
}

/** A queue of pending operations of one direction, in order. */
export class PendingQueue extends Fifo<PendingOperation> {
  /**
   * An operation still pending after `ms` (RCVTIMEO/SNDTIMEO; -1: never) leaves the queue
   * and rejects with EAGAIN, as the blocking call would in C: a message that arrives later
   * goes to the next receive, not to one that gave up. `expired` runs after it left.
   */
  expireAfter(op: PendingOperation, ms: number, expired: (op: PendingOperation, error: unknown) => void): void {
    if (ms < 0) return;
    const { resolve, reject } = op;
    const timer = setTimeout(() => {
      if (!this.remove(op)) return;
      const error = wouldBlockError();
      reject(error);
      expired(op, error);
    }, ms);
    op.resolve = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    op.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
  }
}
