// One non-blocking attempt of each kind of pending operation (lib/engine/pending.ts), and
// the turn budget they spend: the machinery under SocketEngine (lib/engine/engine.ts),
// which adds the queues, the serve loop and the watch.
import type { Message } from "../message";
import { native, type NativeContext, type NativeSocket } from "../native";
import type { MessageLike } from "../socket";
import { Inbox, lastReceivedBytes } from "./inbox";
import { RECV_FRAME, RECV_MANY, RECV_MESSAGE, RECV_MSG, SEND, SEND_MANY, type SendBatch } from "./pending";

const { SNDMORE, REQ, REP } = native.constants as Record<string, number>;

// How many operations one socket serves before it yields to the event loop, so a socket
// flooded with messages cannot starve timers, I/O or other sockets.
const BATCH_PER_TURN = 256;

// How many bytes one socket receives before it yields, whatever the count: a large frame
// arrives without a copy, and its bytes go back to libzmq only when its Buffer's finalizer
// runs, which Node defers to a later turn of the loop. Without this bound a socket served 256
// frames of 64 MiB in one turn and held all 16 GiB of them.
const BYTES_PER_TURN = 16 * 1024 * 1024;

// How many of a sendMany's messages go to the addon per call: passed as arguments, they sit
// on the stack, so a call takes a bounded number of them.
const SEND_MANY_CHUNK = 1024;

/** @internal */
export class SocketAttempts {
  readonly native: NativeSocket;
  readonly inbox: Inbox;
  protected budget = BATCH_PER_TURN; // operations left this turn
  #bytesLeft = BYTES_PER_TURN;
  protected yielded = false; // a serve is scheduled for the next loop turn
  protected progressed = false; // some operation moved on in this round of serving
  // The last frame libzmq took had SNDMORE: a message is under way, and the sends that
  // complete it can no longer be withdrawn (PendingQueue.messageOf).
  sendingMore = false;

  // Called by the addon when ZMQ_FD signals; this object holds it, the addon only weakly.
  readonly #onReadable = () => this.wake();

  constructor(nativeContext: NativeContext, type: number) {
    this.native = new native.Socket(nativeContext, type, this.#onReadable);
    this.inbox = new Inbox(this.native, type === REQ || type === REP);
  }

  /** What ZMQ_FD's signal does (SocketEngine: serve the pending operations, wake polls). */
  protected wake(): void {}

  // Whether an operation with nothing queued before it may be tried at once: not when this
  // socket has used up its turn (it would starve the event loop) or waits for the next.
  protected mayGoAtOnce(): boolean {
    return this.budget > 0 && !this.yielded;
  }

  // One attempt of an operation: its result (undefined for a send), or null where it would
  // block.
  protected attempt(kind: number, arg: unknown, flags: number): unknown {
    switch (kind) {
      case SEND:
        return this.trySendNative(arg as MessageLike, flags) ? undefined : null;
      case SEND_MANY:
        return this.#trySendBatch(arg as SendBatch) ? undefined : null;
      case RECV_FRAME:
        return this.takeFrame();
      case RECV_MESSAGE:
        return this.takeMessage();
      case RECV_MANY:
        return this.#takeMany(arg as number);
      case RECV_MSG:
        return this.#takeMsg(flags);
      default: {
        const message = this.takeMessage();
        return message === null ? null : { done: false, value: message };
      }
    }
  }

  // Whether the inbox holds a message, reading ahead from libzmq when it held none.
  #inboxHasMessages(): boolean {
    if (this.inbox.held > 0) return true;
    const found = this.inbox.fill();
    if (found) this.#spendBytes();
    return found;
  }

  protected takeFrame(): Buffer | null {
    return this.#inboxHasMessages() ? this.inbox.takeFrame()! : null;
  }

  protected takeMessage(): Buffer[] | null {
    return this.#inboxHasMessages() ? this.inbox.takeMessage()! : null;
  }

  #takeMany(max: number): Buffer[][] | null {
    if (this.inbox.held > 0) return this.inbox.takeMessages(max);
    const messages = this.inbox.receiveMessages(max);
    if (messages !== null) this.#spendBytes();
    return messages;
  }

  #takeMsg(flags: number): Message | null {
    const held = this.inbox.takeFrame();
    if (held !== undefined) return new native.Message(held);
    this.inbox.deferMoreToLibzmq();
    const msg = this.native.tryRecvMsg(flags);
    if (msg !== null) this.#spendBytes(msg.size);
    return msg;
  }

  // Sends a sendMany's messages from batch.next on, up to SEND_MANY_CHUNK of them per call
  // into the addon (as arguments: see native trySendMany). True once all are sent, false
  // when one would block.
  #trySendBatch(batch: SendBatch): boolean {
    const { messages } = batch;
    while (batch.next < messages.length) {
      const end = Math.min(batch.next + SEND_MANY_CHUNK, messages.length);
      const chunk = batch.next === 0 && end === messages.length ? messages : messages.slice(batch.next, end);
      const count = this.native.trySendMany(...chunk);
      if (count > 0) {
        this.progressed = true;
        this.sendingMore = false; // each of a batch's messages is whole
      }
      batch.next += count;
      if (count < chunk.length) return false;
    }
    return true;
  }

  // Flags of 0 are left out: the addon then reads no number (docs/PERFORMANCE.md).
  protected trySendNative(data: MessageLike, flags: number): boolean {
    const sent = flags === 0 ? this.native.trySend(data) : this.native.trySend(data, flags);
    if (sent) this.sendingMore = (flags & SNDMORE) !== 0;
    return sent;
  }

  protected newTurn(): void {
    this.budget = BATCH_PER_TURN;
    this.#bytesLeft = BYTES_PER_TURN;
  }

  // Counts what a receive took from libzmq against this turn's bytes; once they are spent
  // the turn's budget is too, and the socket yields (see BYTES_PER_TURN).
  #spendBytes(bytes = lastReceivedBytes()): void {
    this.#bytesLeft -= bytes;
    if (this.#bytesLeft <= 0) this.budget = 0;
  }
}
