import "./disposal";
import type { Readable, Writable } from "node:stream";
import { readBounds, readCallOptions, readCancelOptions, type CancelOptions, type ReceiveOptions } from "./call-options";
import type { Context } from "./context";
import { requireDraftApi } from "./draft";
import { SocketEngine } from "./engine/engine";
import { socketInternals } from "./engine/internals";
import { messagesOf } from "./engine/iteration";
import { RECV_FRAME, RECV_MANY, RECV_MESSAGE, RECV_MSG, SEND } from "./engine/pending";
import { registerInternals } from "./engine/registry";
import { receiveSync, sendSync, type SyncOptions } from "./engine/sync";
import { checkMessage } from "./frames";
import { endpointCall, publishClose } from "./diagnostics";
import type { Message } from "./message";
import { SocketMonitor, type MonitorOptions } from "./monitor";
import { native, type Bytes, type NativeContext, type NativeSocket } from "./native";
import {
  nativeKind,
  toNativeValue,
  type ReadableSocketOption,
  type SocketOptionInput,
  type SocketOptionOutput,
  type WritableSocketOption,
} from "./options";
import { addressed, sendFlags, type Routing, type SendOptions, type TrySendOptions } from "./routing";
import { getSocketOption, setSocketOption } from "./socket-options";
import * as streams from "./streams";
import { requireEndpoint, requireInt } from "./validate";

/** One frame: bytes, or a Message (sent without copying; sending empties it). */
export type Frame = Bytes | Message;

/** A single frame, or an array of frames sent as one multipart message. */
export type MessageLike = Frame | readonly Frame[];

const { RCVMORE, LAST_ENDPOINT, MAXMSGSIZE, EVENT_ALL } = native.constants as Record<string, number>;

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
  // Pending operations, the turn budget, the watch and the read-ahead (lib/engine/).
  readonly #engine: SocketEngine;
  #largePeerMessagesAllowed = false; // allowLargePeerMessages was called, at any time

  /** @internal Use `context.socket(type)`. */
  constructor(context: Context, nativeContext: NativeContext, type: number) {
    requireInt("socket type", type);
    this.context = context;
    const engine = new SocketEngine(this, nativeContext, type);
    this.#engine = engine;
    this.#native = engine.native;
    this.type = type;
    registerInternals(
      this,
      socketInternals(engine, () => (this.#largePeerMessagesAllowed ? -1n : (this.getsockopt(MAXMSGSIZE) as bigint))),
    );
  }

  /** True once the socket was closed. */
  get closed(): boolean {
    return this.#native.closed;
  }

  /** Binds to an endpoint, synchronously as zmq_bind does. `tcp://127.0.0.1:*` picks a port. */
  bind(endpoint: string): void {
    endpointCall(this.#engine, "bind", endpoint);
  }

  /** Stops listening on an endpoint given to bind; for a wildcard bind, pass its `lastEndpoint`. */
  unbind(endpoint: string): void {
    endpointCall(this.#engine, "unbind", endpoint);
  }

  /** Connects to an endpoint; the peer need not be there yet. */
  connect(endpoint: string): void {
    endpointCall(this.#engine, "connect", endpoint);
  }

  /** Disconnects from an endpoint given to connect. */
  disconnect(endpoint: string): void {
    endpointCall(this.#engine, "disconnect", endpoint);
  }

  /** The endpoint of the last bind or connect, with the port a wildcard bind chose. */
  get lastEndpoint(): string {
    return this.getsockopt(LAST_ENDPOINT) as string;
  }

  /**
   * Sets a socket option. Numbers for integer options, booleans for flags, bigint or
   * number for 64-bit ones, string or Buffer for text and binary ones.
   *
   * Typed by option: `value` is what the option's kind takes (a number for RCVHWM, a
   * string or Buffer for ROUTING_ID); a read-only option is a type error. A computed
   * option (a plain `number`) takes any value, checked at run time.
   *
   * @example sock.setsockopt(zmq.SUBSCRIBE, "10001 ")
   */
  setsockopt<O extends number>(option: number extends O ? O : O & WritableSocketOption, value: SocketOptionInput<O>): void {
    setSocketOption(this.#engine, this.type, option, value);
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
    this.#native.setOpt(MAXMSGSIZE, nativeKind("int64"), toNativeValue("maxBytes", "int64", maxBytes));
    // For good: peers connected meanwhile keep the larger limit, and what they sent may wait
    // in libzmq's queue, whatever MAXMSGSIZE says later (see SocketInternals.peerLimit).
    this.#largePeerMessagesAllowed = true;
    this.#engine.afterNativeCall();
  }

  /**
   * Reads a socket option, typed by its kind (see `setsockopt`): `getsockopt(zmq.RCVHWM)`
   * is a number; a write-only option is a type error, a computed one gives `unknown`.
   */
  getsockopt<O extends number>(option: number extends O ? O : O & ReadableSocketOption): SocketOptionOutput<O> {
    return getSocketOption(this.#engine, option) as SocketOptionOutput<O>;
  }

  /** True while the last frame received is followed by more frames of the same message. */
  get more(): boolean {
    return this.getsockopt(RCVMORE) as boolean;
  }

  /**
   * Queues a message for sending; resolves once libzmq has taken it. At the high-water mark
   * it waits for room, as C's blocking send does; with `zmq.DONTWAIT` it rejects with EAGAIN.
   * An array is one multipart message. Several sends may be pending; they go in order.
   * In place of flags, options: `{ flags, routingId }` sends to one peer of a SERVER or PEER,
   * `{ flags, group }` to one group of a RADIO (draft API); `{ signal, timeout }` bound the
   * wait. A cancelled send sends nothing: a multipart message (an array, or frames sent with
   * zmq.SNDMORE) is withdrawn whole while none of it has gone, and once libzmq has taken its
   * first frame it is too late — the send resolves.
   *
   * @example await sock.send(["address", "", "body"])
   * @example await server.send("reply", { routingId: request.routingId })
   * @example await sock.send("job", { signal: AbortSignal.timeout(1000) })
   */
  send(data: MessageLike, options: number | SendOptions = 0): Promise<void> {
    checkMessage(data);
    const flags = sendFlags(options);
    if (typeof options === "number") return this.#engine.start(SEND, data, flags);
    return this.#engine.start(SEND, addressed(data, options), flags, readBounds(options.signal, options.timeout));
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
    return this.#engine.sendMany(messages);
  }

  /**
   * Sends now or not at all: false where the send would block, which includes while
   * earlier sends are still pending (it never overtakes them).
   */
  trySend(data: MessageLike, options: number | TrySendOptions = 0): boolean {
    checkMessage(data);
    const flags = sendFlags(options);
    return this.#engine.trySendNow(typeof options === "number" ? data : addressed(data, options), flags);
  }

  /**
   * Receives one frame, as zmq_recv does; `sock.more` tells whether more follow. In place of
   * flags, `{ flags, signal, timeout }`: a receive cancelled (the signal aborts: its reason)
   * or timed out (EAGAIN) takes nothing, and a message that arrives meanwhile is the next
   * receive's.
   *
   * @example const frame = await sock.recv({ timeout: 1000 })
   */
  recv(options?: number | ReceiveOptions): Promise<Buffer> {
    return this.#receive(RECV_FRAME, undefined, options, "recv");
  }

  /**
   * Receives every frame of the next message; `{ flags, signal, timeout }` as for `recv`.
   *
   * @example const [address, , body] = await router.recvMultipart({ signal })
   */
  recvMultipart(options?: number | ReceiveOptions): Promise<Buffer[]> {
    return this.#receive(RECV_MESSAGE, undefined, options, "recvMultipart");
  }

  /**
   * The batch path: every message already waiting (at least one, at most `max`), each as
   * its frames, in one call. For receivers that want to drain a busy socket cheaply.
   *
   * @example for (const [frame] of await sock.recvMany()) handle(frame)
   */
  recvMany(max = 1024, options?: number | ReceiveOptions): Promise<Buffer[][]> {
    return this.#receive(RECV_MANY, requireInt("max", max, 1), options, "recvMany");
  }

  /**
   * Receives the next frame as a Message: zero-copy, with metadata (`msg.gets`). A frame an
   * earlier receive already read ahead comes as a Message of its bytes, without metadata.
   * `{ flags, signal, timeout }` as for `recv`.
   */
  recvMsg(options?: number | ReceiveOptions): Promise<Message> {
    return this.#receive(RECV_MSG, undefined, options, "recvMsg");
  }

  // A receive of `kind`, with its flags or options: the number forms allocate nothing.
  #receive(kind: number, arg: unknown, options: number | ReceiveOptions | undefined, what: string): Promise<never> {
    if (options === undefined) return this.#engine.start(kind, arg, 0);
    if (typeof options === "number") return this.#engine.start(kind, arg, requireInt("flags", options));
    const [flags, bounds] = readCallOptions(options, what);
    return this.#engine.start(kind, arg, flags, bounds);
  }

  /** One frame if one is waiting (and no recv() is pending before it), else null; never waits. */
  tryRecv(flags = 0): Buffer | null {
    requireInt("flags", flags);
    return this.#engine.tryRecvNow();
  }

  /**
   * Low latency, opt-in: receives one frame on the calling thread, blocking it — and the
   * event loop, timers and every other socket of the thread — until a frame comes, as C's
   * zmq_recv does. For Worker threads and scripts. With RCVTIMEO at its default (-1) and no
   * `timeout` it can wait for ever. Frames the socket read ahead come first; throws EAGAIN
   * when RCVTIMEO or `timeout` (ms) runs out or, with zmq.DONTWAIT, where it would wait;
   * EINTR when a signal the process handles (after `zmq.catchSignals()`: SIGINT, SIGTERM)
   * arrives; EBUSY while async receives are pending (it never overtakes them).
   *
   * @example const frame = sock.recvSync({ timeout: 1000 })
   */
  recvSync(options?: number | SyncOptions): Buffer {
    return receiveSync(this.#engine, false, options) as Buffer;
  }

  /** As recvSync, every frame of the next message (the rest of it, after recvSync of a part). */
  recvMultipartSync(options?: number | SyncOptions): Buffer[] {
    return receiveSync(this.#engine, true, options) as Buffer[];
  }

  /**
   * Low latency, opt-in: sends on the calling thread, blocking it (and the event loop) at the
   * high-water mark until libzmq takes the message, as C's zmq_send does; bounded by SNDTIMEO
   * or `timeout` (ms), then EAGAIN. Frames as for `send`; an array is one multipart message.
   * EINTR on a caught signal; EBUSY while async sends are pending (it never overtakes them).
   *
   * @example req.sendSync("ping"); const reply = req.recvSync()
   */
  sendSync(data: MessageLike, options?: number | (SyncOptions & Routing)): void {
    checkMessage(data);
    sendSync(this.#engine, typeof options === "object" ? addressed(data, options) : data, options);
  }

  /** Yields each message as its frames; ends when the socket is closed or its context terminated. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer[]> {
    return this.messages();
  }

  /**
   * The socket's messages, each as its frames, as `for await (… of sock)` yields them; with
   * `{ signal }` the wait for the next one is cancelled when it aborts (the loop throws the
   * signal's reason, and the message is left for the next receive), with `{ timeout }` each
   * wait is bounded (EAGAIN).
   *
   * @example for await (const [frame] of sock.messages({ signal: controller.signal })) handle(frame)
   */
  messages(options: CancelOptions = {}): AsyncIterableIterator<Buffer[]> {
    return messagesOf(this.#engine, readCancelOptions(options, "messages takes an options object"));
  }

  /**
   * The socket as a Node Readable in object mode: each chunk is one message's frames. It
   * ends when the socket is closed or its context terminated. `destroy()` closes the socket
   * unless `{ close: false }`, which gives back what the stream took and did not deliver.
   *
   * @example for await (const [frame] of pull.readable()) handle(frame)
   */
  readable(options: streams.SocketNodeStreamOptions = {}): Readable {
    return streams.readableOf(this, options);
  }

  /**
   * The socket as a Node Writable in object mode: each chunk is sent as `send` would (an
   * array is one multipart message). Its backpressure is the socket's high-water mark. Its
   * end, or `destroy()`, closes the socket unless `{ close: false }`; a write after the
   * socket is closed errors the stream with ENOTSOCK.
   *
   * @example await pipeline(Readable.from(jobs), push.writable())
   */
  writable(options: streams.SocketNodeStreamOptions = {}): Writable {
    return streams.writableOf(this, options);
  }

  /** As `readable()`, a Web ReadableStream; `cancel()` closes the socket unless `{ close: false }`. */
  readableStream(options: streams.SocketStreamOptions = {}): ReadableStream<Buffer[]> {
    return streams.readableStreamOf(this, options);
  }

  /** As `writable()`, a Web WritableStream; `close()`, `abort()` close the socket unless `{ close: false }`. */
  writableStream(options: streams.SocketStreamOptions = {}): WritableStream<MessageLike> {
    return streams.writableStreamOf(this, options);
  }

  /**
   * Socket events (zmq_socket_monitor) as an async iterable and an EventEmitter, until the
   * socket is closed or `monitor.close()`. A monitor keeps the process alive only while its
   * iterator is awaited. `{ version: 2 }` (draft API) adds each event's local and remote
   * endpoints and every value, 64 bits wide; its events (a bigint or number) may include
   * zmq.EVENT_PIPES_STATS.
   *
   * @example
   * for await (const { name, endpoint } of sock.monitor()) console.log(name, endpoint)
   */
  monitor(events: number | bigint = EVENT_ALL, options: MonitorOptions = {}): SocketMonitor {
    return new SocketMonitor(this, this.#native, events, options);
  }

  /**
   * DISH (draft API): receive the messages RADIOs send to `group` (at most
   * ZMQ_GROUP_MAX_LENGTH bytes); each received Message's `group` tells which.
   *
   * @example dish.join("weather"); const msg = await dish.recvMsg()
   */
  join(group: string): void {
    requireDraftApi("join");
    this.#native.join(group);
    this.#engine.afterNativeCall();
  }

  /** DISH (draft API): stop receiving `group`'s messages. */
  leave(group: string): void {
    requireDraftApi("leave");
    this.#native.leave(group);
    this.#engine.afterNativeCall();
  }

  /**
   * PEER (draft API): connects to another PEER and returns the routing id libzmq gave it,
   * to send to it with at once (`send(data, { routingId })`); its messages come with it.
   *
   * @example const id = peer.connectPeer(endpoint); await peer.send("hi", { routingId: id })
   */
  connectPeer(endpoint: string): number {
    requireDraftApi("connectPeer");
    const routingId = this.#native.connectPeer(requireEndpoint(endpoint));
    this.#engine.afterNativeCall();
    return routingId;
  }

  /** Closes the socket (idempotent). Pending operations reject with ENOTSOCK. */
  close(): void {
    if (this.#engine.closed) return;
    this.#native.close();
    this.#engine.close();
    publishClose(this);
  }

  /**
   * `using sock = ctx.socket(…)`: the socket is closed when the scope ends, as by `close()`.
   *
   * @example { using push = zmq.context().socket(zmq.PUSH); push.connect(endpoint) }
   */
  [Symbol.dispose](): void {
    this.close();
  }
}
