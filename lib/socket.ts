import type { Context } from "./context";
import { isEndOfSocket, socketClosedError, wouldBlockError } from "./errors";
import { Fifo } from "./fifo";
import { Inbox, lastReceivedBytes } from "./engine/inbox";
import { registerInternals, socketsWithPending } from "./engine/registry";
import { SocketMonitor } from "./monitor";
import type { Message } from "./message";
import { native, type Bytes, type NativeContext, type NativeSocket } from "./native";
import { fromNativeValue, HWM, HWM_PARTS, nativeKind, readableSpec, toNativeValue, writableSpec } from "./options";
import { checkSubscriptionOption } from "./subscription-bound";
import { isBytes, requireEndpoint, requireInt } from "./validate";

/** One frame: bytes, or a Message (sent without copying; sending empties it). */
export type Frame = Bytes | Message;

/** A single frame, or an array of frames sent as one multipart message. */
export type MessageLike = Frame | readonly Frame[];

const { DONTWAIT, POLLIN, POLLOUT, RCVMORE, LAST_ENDPOINT, MAXMSGSIZE, RCVTIMEO, SNDTIMEO, EVENT_ALL } =
  native.constants as Record<string, number>;

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

// The words of the addon's watchState (lib/native.ts).
const WATCH_WANTED = 0;
const WATCH_ON = 1;

// How soon a socket that is ready by ZMQ_EVENTS yet cannot move (see #serveUntilBlocked)
// looks again.
const STALL_RETRY_MS = 5;

// What a send that went at once returns: one settled promise shared by all of them, as
// it carries no value (a new one per message is an allocation for the GC to sweep).
const SENT: Promise<void> = Promise.resolve();

interface PendingSend {
  /** One message, or (sendMany) several sent from index `next` on. */
  message: MessageLike;
  batch: readonly MessageLike[] | undefined;
  next: number;
  flags: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** How a pending operation is settled. */
interface Settles {
  resolve(value: never): void;
  reject(error: unknown): void;
}

interface PendingRecv {
  /** A non-blocking attempt: the result, or null when it would block. */
  attempt(): unknown;
  resolve(value: never): void;
  reject(error: unknown): void;
}

/**
 * A ZeroMQ socket. Make one with `context.socket(type)`.
 *
 * @example
 * const sock = zmq.context().socket(zmq.REP)
 * sock.bind("tcp://*:5555")
 * for await (const [request] of sock) await sock.send("World")
 */
export class Socket {
  /** The context the socket was made in. */
  readonly context: Context;
  /** The socket type (zmq.REQ, zmq.PUB, …). */
  readonly type: number;

  readonly #native: NativeSocket;
  readonly #watchState: Int32Array;
  readonly #sends = new Fifo<PendingSend>();
  readonly #recvs = new Fifo<PendingRecv>();
  readonly #inbox: Inbox;
  #budget = BATCH_PER_TURN;
  #bytesLeft = BYTES_PER_TURN;
  #yielded = false; // a serve is scheduled for the next loop turn
  #serving = false;
  #keepAlive = true;
  #progressed = false; // some operation moved on in this round of #serveUntilBlocked
  #retryTimer: NodeJS.Timeout | undefined;
  // ZMQ_RCVTIMEO and ZMQ_SNDTIMEO as last set: libzmq applies them only to blocking calls,
  // which this socket never makes, so pending operations honour them here (#expireAfter).
  #rcvtimeo = -1;
  #sndtimeo = -1;
  readonly #pollWaiters = new Set<() => void>();
  // Set by close(). The checks on every operation read this rather than the addon's
  // `closed`, a call that costs ~1,000 instructions (napi_unwrap), several per message in
  // request-reply. Only the exit handler (native.closeAll) closes sockets behind it, and
  // after that any call into the addon fails with ENOTSOCK, which operations report.
  #closed = false;
  #largePeerMessagesAllowed = false; // allowLargePeerMessages was called, at any time
  // Called by the addon when ZMQ_FD signals; this object holds it, the addon only weakly.
  readonly #onReadable = () => {
    this.#newTurn();
    this.#serve();
    if (this.#pollWaiters.size > 0) for (const wake of [...this.#pollWaiters]) wake();
  };

  /** @internal Use `context.socket(type)`. */
  constructor(context: Context, nativeContext: NativeContext, type: number) {
    requireInt("socket type", type);
    this.context = context;
    this.#native = new native.Socket(nativeContext, type, this.#onReadable);
    this.#watchState = this.#native.watchState;
    this.#inbox = new Inbox(this.#native);
    this.type = type;
    registerInternals(this, {
      native: this.#native,
      events: () => {
        const events = this.#native.events() | (this.#inbox.held > 0 ? POLLIN : 0);
        this.#afterNativeCall();
        return events;
      },
      addPollWaiter: (wake) => {
        this.#pollWaiters.add(wake);
        this.#updateWatch();
      },
      removePollWaiter: (wake) => {
        this.#pollWaiters.delete(wake);
        if (!this.#closed) this.#updateWatch();
      },
      hasPending: () => this.#hasPending(),
      heldMessages: () => this.#inbox.held,
      setKeepAlive: (keepAlive) => {
        this.#keepAlive = keepAlive;
        if (this.#watchState[WATCH_ON] !== 0) this.#native.watch(keepAlive);
      },
      failPending: (error) => this.#failAll(error),
      peerLimit: () => (this.#largePeerMessagesAllowed ? -1n : (this.getsockopt(MAXMSGSIZE) as bigint)),
      flushSends: () => {
        while (!this.#closed && this.#sends.length > 0 && this.#attemptSend());
      },
    });
  }

  /** True once the socket was closed. */
  get closed(): boolean {
    return this.#native.closed;
  }

  /** Binds to an endpoint, synchronously as zmq_bind does. `tcp://127.0.0.1:*` picks a port. */
  bind(endpoint: string): void {
    this.#native.bind(requireEndpoint(endpoint));
    this.#afterNativeCall();
  }

  /** Stops listening on an endpoint given to bind; for a wildcard bind, pass its `lastEndpoint`. */
  unbind(endpoint: string): void {
    this.#native.unbind(requireEndpoint(endpoint));
    this.#afterNativeCall();
  }

  /** Connects to an endpoint; the peer need not be there yet. */
  connect(endpoint: string): void {
    this.#native.connect(requireEndpoint(endpoint));
    this.#afterNativeCall();
  }

  /** Disconnects from an endpoint given to connect. */
  disconnect(endpoint: string): void {
    this.#native.disconnect(requireEndpoint(endpoint));
    this.#afterNativeCall();
  }

  /** The endpoint of the last bind or connect, with the port a wildcard bind chose. */
  get lastEndpoint(): string {
    return this.getsockopt(LAST_ENDPOINT) as string;
  }

  /**
   * Sets a socket option. Numbers for integer options, booleans for flags, bigint or
   * number for 64-bit ones, string or Buffer for text and binary ones.
   *
   * @example sock.setsockopt(zmq.SUBSCRIBE, "10001 ")
   */
  setsockopt(option: number, value: unknown): void {
    requireInt("option", option);
    if (option === HWM) {
      for (const part of HWM_PARTS) this.setsockopt(part, value);
      return;
    }
    const spec = writableSpec(option);
    const nativeValue = toNativeValue(`ZMQ_${spec.name}`, spec.kind, value);
    checkSubscriptionOption(this.type, option, nativeValue);
    this.#native.setOpt(option, nativeKind(spec.kind), nativeValue);
    if (option === RCVTIMEO) this.#rcvtimeo = value as number;
    if (option === SNDTIMEO) this.#sndtimeo = value as number;
    this.#afterNativeCall();
  }

  /**
   * Sets MAXMSGSIZE past the bound a PUB or XPUB keeps by default (MAX_SUBSCRIPTION_BYTES
   * + 1), so peers may send it larger messages (-1: of any size). The explicit choice that
   * no XSUB — a proxy's, or one a forwarder sends to — takes this socket's subscriptions:
   * a peer's subscription of a few hundred KiB there overflows a thread's stack.
   *
   * @example xpub.allowLargePeerMessages(1024 * 1024)
   */
  allowLargePeerMessages(maxBytes: number | bigint): void {
    const value = toNativeValue("maxBytes", "int64", maxBytes);
    this.#native.setOpt(MAXMSGSIZE, nativeKind("int64"), value);
    // For good: peers connected meanwhile keep the larger limit, and what they sent may wait
    // in libzmq's queue, whatever MAXMSGSIZE says later (see SocketInternals.peerLimit).
    this.#largePeerMessagesAllowed = true;
    this.#afterNativeCall();
  }

  /** Reads a socket option, typed by its kind (see `setsockopt`). */
  getsockopt(option: number): unknown {
    requireInt("option", option);
    if (option === HWM) return this.getsockopt(HWM_PARTS[0]);
    if (option === RCVMORE && this.#inbox.more !== undefined) return this.#inbox.more;
    const spec = readableSpec(option);
    const value = fromNativeValue(spec.kind, this.#native.getOpt(option, nativeKind(spec.kind)));
    this.#afterNativeCall();
    return value;
  }

  /** True while the last frame received is followed by more frames of the same message. */
  get more(): boolean {
    return this.getsockopt(RCVMORE) as boolean;
  }

  /**
   * Queues a message for sending; resolves once libzmq has taken it. At the high-water mark
   * it waits for room, as C's blocking send does; with `zmq.DONTWAIT` it rejects with EAGAIN.
   * An array is one multipart message. Several sends may be pending; they go in order.
   *
   * @example await sock.send(["address", "", "body"])
   */
  send(data: MessageLike, flags = 0): Promise<void> {
    checkMessage(data);
    requireInt("flags", flags);
    if (this.#sends.length === 0 && (flags & DONTWAIT || this.#mayGoAtOnce())) {
      // Nothing queued before it: try now, without a queue entry (the common case). A
      // closed socket throws ENOTSOCK here.
      let sent: boolean;
      try {
        sent = this.#trySendNative(data, flags);
      } catch (error) {
        return Promise.reject(error);
      }
      if (sent) {
        this.#budget--;
        this.#afterNativeCall();
        return SENT;
      }
    }
    if (flags & DONTWAIT) return Promise.reject(wouldBlockError());
    if (this.#closed) return Promise.reject(socketClosedError());
    return new Promise<void>((resolve, reject) => {
      const op: PendingSend = { message: data, batch: undefined, next: 0, flags, resolve, reject };
      this.#sends.push(op);
      socketsWithPending.add(this);
      this.#expireAfter(op, this.#sends, this.#sndtimeo);
      this.#serve();
    });
  }

  /**
   * The batch path: queues many messages in one call, and resolves once libzmq has taken
   * them all (waiting at the high-water mark as `send` does). For senders that produce
   * messages faster than one promise each can carry.
   *
   * @example await sock.sendMany(updates.map((u) => JSON.stringify(u)))
   */
  sendMany(messages: readonly MessageLike[]): Promise<void> {
    if (!Array.isArray(messages)) throw new TypeError("messages must be an array");
    for (const message of messages) checkMessage(message);
    return new Promise<void>((resolve, reject) => {
      if (this.#closed) return reject(socketClosedError());
      if (messages.length === 0) return resolve();
      const op: PendingSend = { message: messages[0], batch: messages, next: 0, flags: 0, resolve, reject };
      this.#sends.push(op);
      socketsWithPending.add(this);
      this.#expireAfter(op, this.#sends, this.#sndtimeo); // the messages sent so far stay sent
      this.#serve();
    });
  }

  /**
   * Sends now or not at all: false where the send would block, which includes while
   * earlier sends are still pending (it never overtakes them).
   */
  trySend(data: MessageLike, flags = 0): boolean {
    checkMessage(data);
    requireInt("flags", flags);
    if (this.#sends.length > 0) return false;
    const sent = this.#trySendNative(data, flags);
    this.#afterNativeCall();
    return sent;
  }

  /** Receives one frame, as zmq_recv does; `sock.more` tells whether more follow. */
  recv(flags = 0): Promise<Buffer> {
    requireInt("flags", flags);
    return this.#enqueueRecv(() => this.#takeFrame(), flags);
  }

  /** Receives every frame of the next message. */
  recvMultipart(): Promise<Buffer[]> {
    return this.#enqueueRecv(() => this.#takeMessage(), 0);
  }

  /**
   * The batch path: every message already waiting (at least one, at most `max`), each as
   * its frames, in one call. For receivers that want to drain a busy socket cheaply.
   *
   * @example for (const [frame] of await sock.recvMany()) handle(frame)
   */
  recvMany(max = 1024): Promise<Buffer[][]> {
    requireInt("max", max, 1);
    return this.#enqueueRecv(() => {
      if (this.#inbox.held > 0) return this.#inbox.takeMessages(max);
      const messages = this.#inbox.receiveMessages(max);
      if (messages !== null) this.#spendBytes();
      return messages;
    }, 0);
  }

  /**
   * Receives the next frame as a Message: zero-copy, with metadata (`msg.gets`). A frame an
   * earlier receive already read ahead comes as a Message of its bytes, without metadata.
   */
  recvMsg(flags = 0): Promise<Message> {
    requireInt("flags", flags);
    return this.#enqueueRecv(() => {
      const held = this.#inbox.takeFrame();
      if (held !== undefined) return new native.Message(held);
      this.#inbox.deferMoreToLibzmq();
      const msg = this.#native.tryRecvMsg(flags);
      if (msg !== null) this.#spendBytes(msg.size);
      return msg;
    }, flags);
  }

  /** One frame if one is waiting (and no recv() is pending before it), else null; never waits. */
  tryRecv(flags = 0): Buffer | null {
    requireInt("flags", flags);
    if (this.#recvs.length > 0) return null;
    const frame = this.#takeFrame();
    this.#afterNativeCall();
    return frame;
  }

  /** Yields each message as its frames; ends when the socket is closed or its context terminated. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer[]> {
    // Not an async generator: a generator adds promises and turns per message, and on a
    // busy socket this loop is the whole cost of receiving.
    const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });
    const nextResult = (): IteratorResult<Buffer[]> | null => {
      const message = this.#takeMessage();
      return message === null ? null : { done: false, value: message };
    };
    const iterator: AsyncIterableIterator<Buffer[]> = {
      next: () => {
        if (this.#recvs.length === 0 && this.#inbox.held > 0 && this.#mayGoAtOnce()) {
          this.#budget--;
          return Promise.resolve({ done: false, value: this.#takeMessage()! });
        }
        // One promise per message, settled with the iterator's result itself: a
        // recvMultipart().then(...) would add a promise and a microtask turn to every
        // message that had to be waited for (the whole of a request-reply loop's).
        return this.#enqueueRecv(nextResult, 0, done);
      },
      return: () => Promise.resolve(done()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * Socket events (zmq_socket_monitor) as an async iterable and an EventEmitter, until the
   * socket is closed or `monitor.close()`. A monitor keeps the process alive only while its
   * iterator is awaited.
   *
   * @example
   * for await (const { name, endpoint } of sock.monitor()) console.log(name, endpoint)
   */
  monitor(events = EVENT_ALL): SocketMonitor {
    return new SocketMonitor(this, this.#native, requireInt("events", events, 0));
  }

  /** Closes the socket (idempotent). Pending operations reject with ENOTSOCK. */
  close(): void {
    if (this.#closed) return;
    this.#native.close();
    this.#closed = true;
    this.#inbox.clear(); // as libzmq drops what its queue still holds
    socketsWithPending.delete(this);
    const pending = [...this.#sends.drain(), ...this.#recvs.drain()];
    for (const op of pending) op.reject(socketClosedError());
    for (const wake of [...this.#pollWaiters]) wake(); // a poll on it must end too
  }

  // `ended`, when given, is what the receive resolves with where the socket's end (close,
  // context terminated: ENOTSOCK, ETERM) would reject it (the iterator's done).
  #enqueueRecv<T>(attempt: () => T | null, flags: number, ended?: () => T): Promise<T> {
    let tried = false;
    if (this.#recvs.length === 0 && (flags & DONTWAIT || this.#mayGoAtOnce())) {
      // Nothing queued before it: try now, without a queue entry (on a busy socket the
      // read-ahead mostly has the message already). A closed socket throws ENOTSOCK here
      // (its read-ahead was cleared by close).
      let value: T | null;
      try {
        value = attempt();
      } catch (error) {
        return ended !== undefined && isEndOfSocket(error) ? Promise.resolve(ended()) : Promise.reject(error);
      }
      if (value !== null) {
        this.#budget--;
        this.#afterNativeCall();
        return Promise.resolve(value);
      }
      tried = true;
    }
    if (flags & DONTWAIT) return Promise.reject(wouldBlockError());
    if (this.#closed) return ended !== undefined ? Promise.resolve(ended()) : Promise.reject(socketClosedError());
    return new Promise<T>((resolve, settleWithError) => {
      const reject =
        ended === undefined
          ? settleWithError
          : (error: unknown) => (isEndOfSocket(error) ? resolve(ended()) : settleWithError(error));
      const op: PendingRecv = { attempt, resolve: resolve as (value: never) => void, reject };
      this.#recvs.push(op);
      socketsWithPending.add(this);
      this.#expireAfter(op, this.#recvs, this.#rcvtimeo);
      // A receive that just found nothing had libzmq process the socket's commands first,
      // so ZMQ_FD now tells of anything new: wait on it, unless sends need looking at.
      if (tried && this.#sends.length === 0) this.#updateWatch();
      else this.#serve();
    });
  }

  // Whether an operation with nothing queued before it may be tried at once: not when this
  // socket has used up its turn (it would starve the event loop) or waits for the next.
  #mayGoAtOnce(): boolean {
    return this.#budget > 0 && !this.#yielded;
  }

  // Whether the inbox holds a message, reading ahead from libzmq when it held none.
  #inboxHasMessages(): boolean {
    if (this.#inbox.held > 0) return true;
    const found = this.#inbox.fill();
    if (found) this.#spendBytes();
    return found;
  }

  #takeFrame(): Buffer | null {
    return this.#inboxHasMessages() ? this.#inbox.takeFrame()! : null;
  }

  #takeMessage(): Buffer[] | null {
    return this.#inboxHasMessages() ? this.#inbox.takeMessage()! : null;
  }

  // An operation still pending after `ms` (RCVTIMEO/SNDTIMEO; -1: never) leaves its queue
  // and rejects with EAGAIN, as the blocking call would in C: a message that arrives later
  // goes to the next receive, not to one that gave up.
  #expireAfter<T extends Settles>(op: T, queue: Fifo<T>, ms: number): void {
    if (ms < 0) return;
    const settles: Settles = op;
    const { resolve, reject } = settles;
    const timer = setTimeout(() => {
      if (!queue.remove(op)) return;
      reject(wouldBlockError());
      if (!this.#closed) this.#updateWatch();
    }, ms);
    settles.resolve = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    settles.reject = (error) => {
      clearTimeout(timer);
      reject(error);
    };
  }

  // Any libzmq call may process the socket's commands and so swallow the edge of ZMQ_FD
  // that pending operations were waiting for: look again.
  #afterNativeCall(): void {
    if (this.#hasPending()) this.#serve();
  }

  #hasPending(): boolean {
    return this.#sends.length > 0 || this.#recvs.length > 0;
  }

  // ZMQ_FD is watched while anything waits on the socket (pending operations or a poll);
  // otherwise not, so an idle socket never keeps the process alive. A watch no longer
  // wanted is not stopped here but by the addon, right before the event loop next waits:
  // a socket waited on again within the same turn (a request-reply loop, every message)
  // then costs no call into the addon either way.
  #updateWatch(): void {
    const pending = this.#hasPending();
    const state = this.#watchState;
    if (pending || this.#pollWaiters.size > 0) {
      state[WATCH_WANTED] = 1;
      if (state[WATCH_ON] === 0) this.#native.watch(this.#keepAlive);
    } else if (state[WATCH_WANTED] !== 0) {
      state[WATCH_WANTED] = 0;
    }
    if (pending) socketsWithPending.add(this);
    else socketsWithPending.delete(this);
  }

  // Serves pending operations in order until they would block, then waits on ZMQ_FD.
  #serve(): void {
    if (this.#serving || this.#yielded || this.#closed) return;
    this.#serving = true;
    try {
      this.#serveUntilBlocked();
    } finally {
      this.#serving = false;
    }
  }

  #serveUntilBlocked(): void {
    for (let rechecked = false; ; rechecked = true) {
      this.#progressed = false;
      while (this.#budget > 0 && this.#sends.length > 0 && this.#attemptSend()) this.#budget--;
      let recvBlocked = false;
      while (this.#budget > 0 && this.#recvs.length > 0) {
        if (!this.#attemptRecv()) {
          recvBlocked = true;
          break;
        }
        this.#budget--;
      }
      if (this.#closed) return;
      if (!this.#hasPending()) {
        this.#updateWatch();
        return;
      }
      if (this.#budget <= 0) {
        this.#yieldToLoop();
        return;
      }
      // A receive that found nothing had libzmq process the socket's commands first (it
      // does before answering EAGAIN): with no sends waiting, ZMQ_FD is exact now.
      if (recvBlocked && this.#sends.length === 0) {
        this.#updateWatch();
        return;
      }
      // ZMQ_FD is edge-triggered: the operations above may have consumed the signal that
      // the other direction became ready. ZMQ_EVENTS tells the truth.
      let events: number;
      try {
        events = this.#native.events();
      } catch (error) {
        this.#failAll(error);
        return;
      }
      const ready =
        (this.#sends.length > 0 && (events & POLLOUT) !== 0) ||
        (this.#recvs.length > 0 && (events & POLLIN) !== 0);
      if (!ready) {
        this.#updateWatch();
        return;
      }
      // A readiness no attempt could use (a ROUTER whose one full peer blocks a send while
      // others have room) is not spun on: wait for ZMQ_FD, and look again a little later,
      // since nothing promises that ZMQ_FD will signal a readiness ZMQ_EVENTS already told.
      if (rechecked && !this.#progressed) {
        this.#updateWatch();
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
    this.#yielded = true;
    setImmediate(() => {
      this.#yielded = false;
      this.#newTurn();
      this.#serve();
    });
  }

  #newTurn(): void {
    this.#budget = BATCH_PER_TURN;
    this.#bytesLeft = BYTES_PER_TURN;
  }

  // Counts what a receive took from libzmq against this turn's bytes; once they are spent
  // the turn's budget is too, and the socket yields (see BYTES_PER_TURN).
  #spendBytes(bytes = lastReceivedBytes()): void {
    this.#bytesLeft -= bytes;
    if (this.#bytesLeft <= 0) this.#budget = 0;
  }

  /** true when the head send was settled (sent or failed), false when it would block. */
  #attemptSend(): boolean {
    const op = this.#sends.peek()!;
    let sent: boolean;
    try {
      if (op.batch === undefined) {
        sent = this.#trySendNative(op.message, op.flags);
      } else {
        sent = this.#trySendBatch(op, op.batch);
      }
    } catch (error) {
      this.#sends.shift();
      this.#progressed = true;
      op.reject(error);
      return true;
    }
    if (!sent) return false;
    this.#sends.shift();
    this.#progressed = true;
    op.resolve();
    return true;
  }

  // Sends a sendMany's messages from op.next on, up to SEND_MANY_CHUNK of them per call
  // into the addon (as arguments: see native trySendMany). True once all are sent, false
  // when one would block.
  #trySendBatch(op: PendingSend, batch: readonly MessageLike[]): boolean {
    while (op.next < batch.length) {
      const end = Math.min(op.next + SEND_MANY_CHUNK, batch.length);
      const chunk = op.next === 0 && end === batch.length ? batch : batch.slice(op.next, end);
      const count = this.#native.trySendMany(...chunk);
      if (count > 0) this.#progressed = true;
      op.next += count;
      if (count < chunk.length) return false;
    }
    return true;
  }

  // Flags of 0 are left out: the addon then reads no number (~70 instructions less per send).
  #trySendNative(data: MessageLike, flags: number): boolean {
    return flags === 0 ? this.#native.trySend(data) : this.#native.trySend(data, flags);
  }

  #attemptRecv(): boolean {
    const op = this.#recvs.peek()!;
    let value: unknown;
    try {
      value = op.attempt();
    } catch (error) {
      this.#recvs.shift();
      this.#progressed = true;
      op.reject(error);
      return true;
    }
    if (value === null) return false;
    this.#recvs.shift();
    this.#progressed = true;
    op.resolve(value as never);
    return true;
  }

  #failAll(error: unknown): void {
    for (const op of [...this.#sends.drain(), ...this.#recvs.drain()]) op.reject(error);
    if (!this.#closed) this.#updateWatch();
  }
}

function checkMessage(data: MessageLike): void {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new TypeError("a multipart message needs at least one frame");
    for (const frame of data) checkFrame(frame);
  } else {
    checkFrame(data);
  }
}

function checkFrame(frame: unknown): void {
  if (!isBytes(frame) && !(frame instanceof native.Message)) {
    throw new TypeError(
      `a frame must be a Buffer, string, TypedArray, ArrayBuffer or Message, got ${frame === null ? "null" : typeof frame}`,
    );
  }
}
