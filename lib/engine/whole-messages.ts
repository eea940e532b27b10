// A multipart message goes whole or not at all, whatever happens to one of its frames: a
// send with zmq.SNDMORE and the sends after it up to one without are one message
// (PendingQueue.messageOf). Used by SocketEngine where a send fails or is cancelled before
// libzmq took any of its message, and where its message is under way and it is too late.
import { abortReason } from "../call-options";
import { failOperation, publishingError, refuseOperation } from "../diagnostics";
import { native } from "../native";
import type { Socket } from "../socket";
import { SEND, type PendingOperation, type PendingQueue } from "./pending";

const { SNDMORE } = native.constants as Record<string, number>;

/** @internal One socket's rule of whole messages, over its queue of sends. */
export class WholeMessages {
  readonly #owner: Socket;
  readonly #sends: PendingQueue;
  // Whether the last frame libzmq took had SNDMORE: a message is under way (SocketAttempts).
  readonly #sendingMore: () => boolean;
  // Set while the frames of a message whose first frame failed are refused (dropRest).
  #dropping: { readonly error: unknown } | undefined;

  constructor(owner: Socket, sends: PendingQueue, sendingMore: () => boolean) {
    this.#owner = owner;
    this.#sends = sends;
    this.#sendingMore = sendingMore;
  }

  /** Whether a send of `kind` and `flags` begins a message (none is under way). */
  #starts(kind: number, flags: number): boolean {
    return kind === SEND && (flags & SNDMORE) !== 0 && !this.#sendingMore();
  }

  /**
   * An operation that failed before it was queued: its rejection. The first frame of a
   * message failed, so libzmq began no message: the frames sent after it in the same run of
   * code, before anyone could see the failure, are no message's start. Sent, they would be
   * one of their own (to a ROUTER: addressed by the wrong frame), so they fail with the
   * same error, up to the last of them (`refuseDropped`).
   */
  refuse(kind: number, flags: number, error: unknown): Promise<never> {
    if (this.#starts(kind, flags)) this.#dropRest(error);
    return refuseOperation(this.#owner, kind, error);
  }

  #dropRest(error: unknown): void {
    const dropping = { error };
    this.#dropping = dropping;
    queueMicrotask(() => {
      if (this.#dropping === dropping) this.#dropping = undefined;
    });
  }

  /**
   * A send of a message being dropped: its rejection. Undefined for anything else, and for
   * the sends an error subscriber makes from within the publish (no part of that message).
   */
  refuseDropped(kind: number, flags: number): Promise<never> | undefined {
    if (this.#dropping === undefined || kind !== SEND || publishingError()) return undefined;
    const { error } = this.#dropping;
    if (!(flags & SNDMORE)) this.#dropping = undefined;
    return refuseOperation(this.#owner, SEND, error);
  }

  /**
   * An operation whose signal aborted before it was called: its rejection, taking with it
   * the queued frames of its message (and, with SNDMORE, those still to come). Undefined
   * where it is too late: the frame completes a message libzmq has begun, and goes.
   */
  refuseAborted(kind: number, flags: number, signal: AbortSignal): Promise<never> | undefined {
    const reason = abortReason(signal);
    if (kind === SEND) {
      const last = this.#sends.last();
      if (last === undefined) {
        if (this.#sendingMore()) return undefined;
      } else if (last.flags & SNDMORE && !this.cancel(last, reason)) {
        return undefined;
      }
      // Its message is withdrawn (or begins with it): what is still to come goes with it.
      if (flags & SNDMORE) this.#dropRest(reason);
    }
    return refuseOperation(this.#owner, kind, reason);
  }

  /** A queued send cancelled: it and the rest of its message leave and reject; false if too late. */
  cancel(op: PendingOperation, reason: unknown): boolean {
    const message = this.#sends.messageOf(op, this.#sendingMore());
    this.#withdraw(message, reason);
    return message.length > 0;
  }

  /**
   * The head of the queue failed with `error`: it, and the rest of its message when it
   * begins one (if not all queued yet, the frames still to come too), leave and reject.
   */
  failHead(error: unknown): void {
    const head = this.#sends.peek()!;
    const begins = this.#starts(head.kind, head.flags);
    const message = begins ? this.#sends.messageOf(head, false) : [head];
    this.#withdraw(message, error);
    if (begins && message[message.length - 1].flags & SNDMORE) this.#dropRest(error);
  }

  #withdraw(parts: readonly PendingOperation[], reason: unknown): void {
    for (const part of parts) this.#sends.remove(part);
    for (const part of parts) failOperation(this.#owner, part, reason);
  }
}
