// The one shape of a pending operation, for both directions: a send waiting for room and a
// receive waiting for a message are each an entry of a PendingQueue, attempted by the
// engine (lib/engine/engine.ts) from the head on, in order, until one would block.
import { armBounds } from "../call-options";
import { native } from "../native";
import { Fifo } from "../fifo";

const { SNDMORE } = native.constants as Record<string, number>;

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
   * Bounds a queued operation: once `ms` pass (its timeout, else RCVTIMEO/SNDTIMEO; -1:
   * never) `cancel` gets it with EAGAIN, as the blocking call would fail in C; once
   * `signal` aborts, with the signal's reason. `cancel` takes it out of the queue, if it is
   * still there, and rejects it: a message that arrives later goes to the next receive, not
   * to one that gave up. Settling the operation first takes the bounds down.
   */
  bound(
    op: PendingOperation,
    ms: number,
    signal: AbortSignal | undefined,
    cancel: (op: PendingOperation, reason: unknown) => void,
  ): void {
    if (ms < 0 && signal === undefined) return;
    const { resolve, reject } = op;
    const unbind = armBounds(ms, signal, (reason) => cancel(op, reason));
    op.resolve = (value) => {
      unbind();
      resolve(value);
    };
    op.reject = (error) => {
      unbind();
      reject(error);
    };
  }

  /**
   * The operations that make up the message `op` is part of, from this queue: a send with
   * zmq.SNDMORE and the sends after it up to one without are one message, cancelled
   * together or not at all. Empty when `op` is no longer queued, or when its message has
   * begun going to libzmq (`headContinues`: the last frame libzmq took had SNDMORE, so the
   * head's message is under way and the rest of it cannot be withdrawn).
   */
  messageOf(op: PendingOperation, headContinues: boolean): PendingOperation[] {
    let message: PendingOperation[] = [];
    let underWay = headContinues;
    for (const queued of this) {
      message.push(queued);
      if (queued.flags & SNDMORE) continue; // (a sendMany's flags are 0: its messages are whole)
      if (message.includes(op)) return underWay ? [] : message;
      message = [];
      underWay = false;
    }
    // A message whose last part is not queued yet: it can still be withdrawn whole.
    return message.includes(op) && !underWay ? message : [];
  }
}
