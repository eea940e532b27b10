// A socket's machinery: its pending operations, tried at once when nothing is queued before
// them and otherwise served in order until they would block, within a budget per turn of
// the event loop, and the watch on ZMQ_FD that wakes them. lib/socket.ts is the public face.
import { WATCH_ON, WATCH_WANTED } from "../generated/wire";
import type { Bounds } from "../call-options";
import { failOperation, refuseOperation } from "../diagnostics";
import { isEndOfSocket, socketClosedError, wouldBlockError } from "../errors";
import { native, type NativeContext } from "../native";
import type { MessageLike, Socket } from "../socket";
import { SocketAttempts } from "./attempts";
import { done, type Iteration } from "./iteration";
import { WholeMessages } from "./whole-messages";
import { PendingQueue, RECV_NEXT, SEND_MANY, sends, type PendingOperation, type SendBatch } from "./pending";
import { socketsWithPending } from "./registry";

const { DONTWAIT, POLLIN, POLLOUT } = native.constants as Record<string, number>;


// How soon a socket that is ready by ZMQ_EVENTS yet cannot move (see #serveUntilBlocked)
// looks again.
const STALL_RETRY_MS = 5;

// What a send that went at once returns: one settled promise shared by all of them, as
// it carries no value (a new one per message is an allocation for the GC to sweep).
const SENT: Promise<void> = Promise.resolve();


/** @internal The machinery of one Socket. */
export class SocketEngine extends SocketAttempts {
  // ZMQ_RCVTIMEO and ZMQ_SNDTIMEO as last set: libzmq applies them only to blocking calls,
  // which this socket never makes, so pending operations honour them here (PendingQueue.bound).
  rcvtimeo = -1;
  sndtimeo = -1;
  readonly pollWaiters = new Set<() => void>();

  readonly #owner: Socket;
  readonly #watchState: Int32Array;
  readonly #sends = new PendingQueue();
  readonly #recvs = new PendingQueue();
  #serving = false;
  #keepAlive = true;
  #retryTimer: NodeJS.Timeout | undefined;
  // Set by close(). The checks on every operation read this rather than the addon's
  // `closed`, a call through napi_unwrap (docs/PERFORMANCE.md). The exit handler
  // (native.closeAll) and a proxy ended by ETERM or a caught signal close sockets behind it;
  // after that any call into the addon fails with ENOTSOCK, which operations report.
  #closed = false;
  // That a message goes whole or not at all (lib/engine/whole-messages.ts).
  readonly #whole: WholeMessages;
  // An operation whose time ran out or whose signal aborted (PendingQueue.bound) leaves
  // its queue, with the rest of its message for a send (messageOf), unless it went already.
  readonly #cancel = (op: PendingOperation, reason: unknown) => {
    if (sends(op.kind)) {
      if (!this.#whole.cancel(op, reason)) return;
    } else {
      if (!this.#recvs.remove(op)) return;
      failOperation(this.#owner, op, reason);
    }
    if (!this.#closed) this.updateWatch();
  };

  constructor(owner: Socket, nativeContext: NativeContext, type: number) {
    super(nativeContext, type);
    this.#owner = owner;
    this.#whole = new WholeMessages(owner, this.#sends, () => this.sendingMore);
    this.#watchState = this.native.watchState;
  }

  // ZMQ_FD signalled.
  protected override wake(): void {
    this.newTurn();
    this.#serve();
    this.#wakePolls();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The Socket this is the machinery of. */
  get socket(): Socket {
    return this.#owner;
  }

  /**
   * Starts an operation of `kind` (lib/engine/pending.ts): with nothing queued before it,
   * tried now, without a queue entry (the common case: on a busy socket the read-ahead
   * mostly has the message already); else, or when it would block, queued. A closed
   * socket throws ENOTSOCK in the attempt (its read-ahead was cleared by close). The
   * iterator's next (RECV_NEXT) resolves as done where the socket's end (close, context
   * terminated: ENOTSOCK, ETERM) would reject it. `bounds`: the call's own timeout and
   * signal; a signal aborted already rejects before anything is attempted.
   */
  start(kind: number, arg: unknown, flags: number, bounds?: Bounds): Promise<never> {
    const dropped = this.#whole.refuseDropped(kind, flags);
    if (dropped !== undefined) return dropped;
    if (bounds?.signal?.aborted) {
      const refused = this.#whole.refuseAborted(kind, flags, bounds.signal);
      if (refused !== undefined) return refused;
      bounds = undefined; // too late to cancel: the frame completes a message under way
    }
    const queue = sends(kind) ? this.#sends : this.#recvs;
    let tried = false;
    if (queue.length === 0 && (flags & DONTWAIT || this.mayGoAtOnce())) {
      let value: unknown;
      try {
        value = this.attempt(kind, arg, flags);
      } catch (error) {
        return kind === RECV_NEXT && isEndOfSocket(error) ? Promise.resolve(done() as never) : this.#whole.refuse(kind, flags, error);
      }
      if (value !== null) {
        this.budget--;
        this.afterNativeCall();
        return value === undefined ? (SENT as Promise<never>) : Promise.resolve(value as never);
      }
      tried = true;
    }
    if (flags & DONTWAIT) return this.#whole.refuse(kind, flags, wouldBlockError());
    return this.enqueue(kind, arg, flags, tried, bounds);
  }

  /** Queues an operation (`tried`: it was just attempted and would block), and serves. */
  enqueue(kind: number, arg: unknown, flags: number, tried = false, bounds?: Bounds): Promise<never> {
    if (this.#closed) {
      return kind === RECV_NEXT ? Promise.resolve(done() as never) : refuseOperation(this.#owner, kind, socketClosedError());
    }
    return new Promise<never>((resolve, settleWithError) => {
      const reject =
        kind !== RECV_NEXT
          ? settleWithError
          : (error: unknown) => (isEndOfSocket(error) ? resolve(done() as never) : settleWithError(error));
      const op: PendingOperation = { kind, arg, flags, resolve, reject };
      if (kind === RECV_NEXT && arg !== undefined) (arg as Iteration).waiting = op;
      const isSend = sends(kind);
      const queue = isSend ? this.#sends : this.#recvs;
      queue.push(op);
      socketsWithPending.add(this.#owner);
      const timeout = bounds?.timeout ?? (isSend ? this.sndtimeo : this.rcvtimeo);
      queue.bound(op, timeout, bounds?.signal, this.#cancel);
      // A receive that just found nothing had libzmq process the socket's commands first,
      // so ZMQ_FD now tells of anything new: wait on it, unless sends need looking at.
      if (tried && !isSend && this.#sends.length === 0) this.updateWatch();
      else this.#serve();
    });
  }

  /**
   * The async iterator's next: at once from the read-ahead when nothing waits before it.
   * `iteration` is the iterator's state: a next() queued is kept in it, for return().
   */
  next(bounds?: Bounds, iteration?: Iteration): Promise<IteratorResult<Buffer[]>> {
    if (this.#recvs.length === 0 && this.inbox.held > 0 && this.mayGoAtOnce() && !bounds?.signal?.aborted) {
      this.budget--;
      return Promise.resolve({ done: false, value: this.takeMessage()! });
    }
    // One promise per message, settled with the iterator's result itself: a
    // recvMultipart().then(...) would add a promise and a microtask turn to every
    // message that had to be waited for (the whole of a request-reply loop's).
    return this.start(RECV_NEXT, iteration, 0, bounds);
  }

  /** Ends an iteration: a next() it has waiting resolves as done, with nothing taken. */
  endIteration(iteration: Iteration): void {
    const { waiting } = iteration;
    if (waiting !== undefined && this.#recvs.remove(waiting)) waiting.resolve(done() as never);
    if (!this.#closed) this.updateWatch();
  }

  /** sendMany: queued, not tried first; if it times out, the messages sent so far stay sent. */
  sendMany(messages: readonly MessageLike[]): Promise<void> {
    if (this.#closed) return refuseOperation(this.#owner, SEND_MANY, socketClosedError());
    if (messages.length === 0) return SENT;
    const batch: SendBatch = { messages, next: 0 };
    return this.enqueue(SEND_MANY, batch, 0);
  }

  /** Whole messages handed out and not delivered, back first in the read-ahead (Inbox.giveBack). */
  giveBack(messages: readonly Buffer[][]): void {
    if (this.#closed) return;
    this.inbox.giveBack(messages);
    this.afterNativeCall(); // receives waiting take them
    this.#wakePolls(); // and a poll sees POLLIN
  }

  #wakePolls(): void {
    if (this.pollWaiters.size > 0) for (const wake of [...this.pollWaiters]) wake();
  }

  /** trySend: now or not at all, never before the sends pending. */
  trySendNow(data: MessageLike, flags: number): boolean {
    if (this.#sends.length > 0) return false;
    const sent = this.trySendNative(data, flags);
    this.afterNativeCall();
    return sent;
  }

  /** tryRecv: a frame now or null, never before the receives pending. */
  tryRecvNow(): Buffer | null {
    if (this.#recvs.length > 0) return null;
    const frame = this.takeFrame();
    this.afterNativeCall();
    return frame;
  }

  // Any libzmq call may process the socket's commands and so swallow the edge of ZMQ_FD
  // that pending operations were waiting for: look again.
  afterNativeCall(): void {
    if (this.hasPending()) this.#serve();
  }

  /** How many async receives and sends are pending (the blocking calls: lib/engine/sync.ts). */
  get pendingReceives(): number {
    return this.#recvs.length;
  }

  get pendingSends(): number {
    return this.#sends.length;
  }

  hasPending(): boolean {
    return this.#sends.length > 0 || this.#recvs.length > 0;
  }

  // ZMQ_FD is watched while anything waits on the socket (pending operations or a poll);
  // otherwise not, so an idle socket never keeps the process alive. A watch no longer
  // wanted is not stopped here but by the addon, right before the event loop next waits:
  // a socket waited on again within the same turn (a request-reply loop, every message)
  // then costs no call into the addon either way.
  updateWatch(): void {
    const pending = this.hasPending();
    const state = this.#watchState;
    if (pending || this.pollWaiters.size > 0) {
      state[WATCH_WANTED] = 1;
      if (state[WATCH_ON] === 0) this.native.watch(this.#keepAlive);
    } else if (state[WATCH_WANTED] !== 0) {
      state[WATCH_WANTED] = 0;
    }
    if (pending) socketsWithPending.add(this.#owner);
    else socketsWithPending.delete(this.#owner);
  }

  /** Whether waiting on the socket keeps the process alive (see SocketInternals). */
  setKeepAlive(keepAlive: boolean): void {
    this.#keepAlive = keepAlive;
    if (this.#watchState[WATCH_ON] !== 0) this.native.watch(keepAlive);
  }

  // Serves pending operations in order until they would block, then waits on ZMQ_FD.
  #serve(): void {
    if (this.#serving || this.yielded || this.#closed) return;
    this.#serving = true;
    try {
      this.#serveUntilBlocked();
    } finally {
      this.#serving = false;
    }
  }

  #serveUntilBlocked(): void {
    for (let rechecked = false; ; rechecked = true) {
      this.progressed = false;
      while (this.budget > 0 && this.#sends.length > 0 && this.#serveHead(this.#sends)) this.budget--;
      let recvBlocked = false;
      while (this.budget > 0 && this.#recvs.length > 0) {
        if (!this.#serveHead(this.#recvs)) {
          recvBlocked = true;
          break;
        }
        this.budget--;
      }
      if (this.#closed) return;
      if (!this.hasPending()) {
        this.updateWatch();
        return;
      }
      if (this.budget <= 0) {
        this.#yieldToLoop();
        return;
      }
      // A receive that found nothing had libzmq process the socket's commands first (it
      // does before answering EAGAIN): with no sends waiting, ZMQ_FD is exact now.
      if (recvBlocked && this.#sends.length === 0) {
        this.updateWatch();
        return;
      }
      // ZMQ_FD is edge-triggered: the operations above may have consumed the signal that
      // the other direction became ready. ZMQ_EVENTS tells the truth.
      let events: number;
      try {
        events = this.native.events();
      } catch (error) {
        this.failAll(error);
        return;
      }
      const ready =
        (this.#sends.length > 0 && (events & POLLOUT) !== 0) ||
        (this.#recvs.length > 0 && (events & POLLIN) !== 0);
      if (!ready) {
        this.updateWatch();
        return;
      }
      // A readiness no attempt could use (a ROUTER whose one full peer blocks a send while
      // others have room) is not spun on: wait for ZMQ_FD, and look again a little later,
      // since nothing promises that ZMQ_FD will signal a readiness ZMQ_EVENTS already told.
      if (rechecked && !this.progressed) {
        this.updateWatch();
        this.#retryLater();
        return;
      }
    }
  }

  #retryLater(): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#serve();
    }, STALL_RETRY_MS);
    this.#retryTimer.unref(); // the watch, not this timer, decides whether the process lives
  }

  #yieldToLoop(): void {
    this.yielded = true;
    setImmediate(() => {
      this.yielded = false;
      this.newTurn();
      this.#serve();
    });
  }

  /** true when the head operation was settled (done or failed), false when it would block. */
  #serveHead(queue: PendingQueue): boolean {
    const op = queue.peek()!;
    let value: unknown;
    try {
      value = this.attempt(op.kind, op.arg, op.flags);
    } catch (error) {
      this.progressed = true;
      if (sends(op.kind)) this.#whole.failHead(error);
      else {
        queue.shift();
        failOperation(this.#owner, op, error);
      }
      return true;
    }
    if (value === null) return false;
    queue.shift();
    this.progressed = true;
    op.resolve(value as never);
    return true;
  }

  /** Hands libzmq every pending send it can take now, whatever this turn's budget (exit). */
  flushSends(): void {
    while (!this.#closed && this.#sends.length > 0 && this.#serveHead(this.#sends));
  }

  /** Rejects every pending operation with `error`. */
  failAll(error: unknown): void {
    for (const op of [...this.#sends.drain(), ...this.#recvs.drain()]) failOperation(this.#owner, op, error);
    if (!this.#closed) this.updateWatch();
  }

  /** After the native close: what the socket held goes, and every waiter ends. */
  close(): void {
    this.#closed = true;
    this.inbox.clear(); // as libzmq drops what its queue still holds
    socketsWithPending.delete(this.#owner);
    const pending = [...this.#sends.drain(), ...this.#recvs.drain()];
    for (const op of pending) failOperation(this.#owner, op, socketClosedError());
    this.#wakePolls(); // a poll on it must end too
  }
}
