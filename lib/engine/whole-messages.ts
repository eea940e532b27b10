// A multipart message goes whole or not at all, whatever happens to one of its frames: a
// send with zmq.SNDMORE and the sends after it up to one without are one message
// (PendingQueue.messageOf). Used by SocketEngine where a send fails or is cancelled before
// libzmq took any of its message, and where its message is under way and it is too late.
import { abortReason, type Bounds } from "../call-options";
import { failOperation, publishingError, refuseOperation } from "../diagnostics";
import { native } from "../native";
import type { Socket } from "../socket";
import { SEND, sends, type PendingQueue } from "./pending";

const { SNDMORE } = native.constants as Record<string, number>;

/** @internal One socket's rule of whole messages, for its engine. */
export class WholeMessages {
  readonly #owner: Socket;
  // Set while the frames of a message whose first frame failed are refused (dropRest).
  #dropping: { readonly error: unknown } | undefined;

  constructor(owner: Socket) {
    this.#owner = owner;
  }

  /** Whether a send of `kind` and `flags` begins a message (none is under way: `sendingMore` false). */
  starts(kind: number, flags: number, sendingMore: boolean): boolean {
    return kind === SEND && (flags & SNDMORE) !== 0 && !sendingMore;
  }

  /**
   * The first frame of a message failed, so libzmq began no message: the frames sent after
   * it in the same run of code, before anyone could see the failure, are no message's
   * start. Sent, they would be one of their own (to a ROUTER: addressed by the wrong
   * frame), so they fail with the same error, up to the last of them (`refuseDropped`).
   */
  dropRest(error: unknown): void {
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
  refuseAborted(sendQueue: PendingQueue, sendingMore: boolean, kind: number, flags: number, { signal }: Bounds): Promise<never> | undefined {
    const reason = abortReason(signal!);
    if (kind === SEND) {
      const last = sendQueue.last();
      const continues = last === undefined ? sendingMore : sends(last.kind) && (last.flags & SNDMORE) !== 0;
      if (continues) {
        const message = last === undefined ? [] : sendQueue.messageOf(last, sendingMore);
        if (message.length === 0) return undefined;
        for (const part of message) sendQueue.remove(part);
        for (const part of message) failOperation(this.#owner, part, reason);
      }
      if (flags & SNDMORE) this.dropRest(reason);
    }
    return refuseOperation(this.#owner, kind, reason);
  }

  /**
   * The head of the send queue failed with `error`: it, and the rest of its message when it
   * begins one (if not all queued yet, the frames still to come too), leave and reject.
   */
  failHead(sendQueue: PendingQueue, sendingMore: boolean, error: unknown): void {
    const head = sendQueue.peek()!;
    const begins = this.starts(head.kind, head.flags, sendingMore);
    const message = begins ? sendQueue.messageOf(head, false) : [head];
    for (const part of message) sendQueue.remove(part);
    for (const part of message) failOperation(this.#owner, part, error);
    if (begins && message[message.length - 1].flags & SNDMORE) this.dropRest(error);
  }
}
