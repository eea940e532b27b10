// Loads the addon (a prebuilt binary under prebuilds/ first, else the local build) and
// types what it exports. Everything else in lib/ goes through `native`.
import load from "node-gyp-build";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { OptionKind } from "./generated/wire";

/** Bytes a frame can be made of. */
export type Bytes = Buffer | string | ArrayBuffer | ArrayBufferView;

export interface NativeContext {
  set(option: number, value: number): void;
  get(option: number): number;
  shutdown(): void;
  term(): Promise<void>;
  share(): bigint;
  readonly terminated: boolean;
  /** Shut down or terminated: it makes no socket any more. */
  readonly ended: boolean;
}

export interface NativeMessage {
  /**
   * The message's bytes, without a copy: writing into it changes what a later send sends.
   * Once the message is sent (which empties it, as in C) a view taken before still reads the
   * bytes as they were, but they are the sender's own from then on: no receiver ever sees a
   * write through it (the send copies the bytes when such a view, or a `copy()`, exists).
   */
  readonly data: Buffer;
  /** The number of bytes. */
  readonly size: number;
  /** Whether more frames of the same message follow this one (a received frame). */
  readonly more: boolean;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** The bytes decoded as UTF-8. */
  toString(): string;
  /**
   * As zmq_msg_copy: another Message over the same bytes (a write through one is seen through
   * the other) until either is sent; a send then takes a copy of its own, so the one left
   * can never rewrite what was sent.
   */
  copy(): NativeMessage;
  /** A metadata property of a received message: "Peer-Address", "Socket-Type", "User-Id"… */
  gets(property: string): string;
  /** Releases the bytes; the Message can no longer be used (idempotent). */
  close(): void;
  /** `using msg = await sock.recvMsg()`: closed when the scope ends, as by `close()`. */
  [Symbol.dispose](): void;
  /**
   * Draft API: the routing id of a message received on a SERVER or PEER (0: none); set it
   * (1 to 2^32-1) before sending on one to say which peer gets the message.
   */
  routingId: number;
  /**
   * Draft API: the group of a message received on a DISH ("": none); set it (at most
   * ZMQ_GROUP_MAX_LENGTH bytes) before sending on a RADIO.
   */
  group: string;
}


export interface NativeSocket {
  bind(endpoint: string): void;
  unbind(endpoint: string): void;
  connect(endpoint: string): void;
  disconnect(endpoint: string): void;
  getOpt(option: number, kind: OptionKind): number | bigint | Buffer | string;
  setOpt(option: number, kind: OptionKind, value: unknown): void;
  /** Sends one message (a frame or an array of frames); false when it would block. */
  trySend(message: unknown, flags?: number): boolean;
  /** Sends its arguments, each a message, until one would block; returns how many were sent. */
  trySendMany(...messages: readonly unknown[]): number;
  tryRecvMsg(flags: number): NativeMessage | null;
  /**
   * The fast receive path (lib/engine/inbox.ts): waiting messages, small frames copied into
   * the arena (setRecvArena) from `offset`, others appended to its `large`; its `meta` gets
   * a size and flags per frame. Returns how many frames (size/flags pairs) it wrote.
   */
  tryRecvInto(offset: number, maxMessages: number, maxBytes: number): number;
  /**
   * The low-latency mode's blocking calls (native/socket_sync.cc): wait in libzmq, bounded
   * by RCVTIMEO/SNDTIMEO or `timeout` (ms, -1: for ever); throw EAGAIN or EINTR as C does.
   * recvSync gives a frame, or with `whole` the rest of the message.
   */
  recvSync(whole: boolean, flags: number, timeout?: number): Buffer | Buffer[];
  sendSync(message: unknown, flags: number, timeout?: number): void;
  /** ZMQ_EVENTS; reading it also rearms the edge-triggered ZMQ_FD. */
  events(): number;
  /**
   * From now on the constructor's onReadable is called whenever ZMQ_FD signals; the addon
   * stops the watch itself once watchState[WATCH_WANTED] is 0 (below).
   */
  watch(keepAlive?: boolean): void;
  /**
   * Shared with the addon: [WATCH_WANTED] is set by lib/engine/engine.ts while something waits
   * on the socket; [WATCH_ON] by the addon while the watch is on. A watch no longer wanted
   * is stopped by the addon right before the event loop next waits.
   */
  readonly watchState: Int32Array;
  /** zmq_socket_monitor; null stops monitoring. */
  monitor(endpoint: string | null, events: number): void;
  /** zmq_socket_monitor_versioned (draft API), to a PAIR; null stops monitoring. */
  monitorVersioned(endpoint: string | null, events: bigint, version: number): void;
  /** zmq_socket_monitor_pipes_stats (draft API): a PIPES_STATS event per connection. */
  queryPipesStats(): void;
  /** zmq_join / zmq_leave (draft API): a DISH's groups. */
  join(group: string): void;
  leave(group: string): void;
  /** zmq_connect_peer (draft API): the routing id of the peer a PEER connects to. */
  connectPeer(endpoint: string): number;
  close(): void;
  readonly closed: boolean;
}

/** A watch on a duplicate of a caller's fd (so the caller may close theirs at any time). */
export interface NativeFdWatcher {
  /** ZMQ_POLLIN/POLLOUT/POLLERR bits of the events watched that hold now, on the duplicate. */
  events(): number;
  close(): void;
}

interface Addon {
  Context: new (ioThreads?: number) => NativeContext;
  FdWatcher: new (fd: number, events: number, onReady: (revents: number) => void) => NativeFdWatcher;
  defaultContext(): NativeContext;
  attachContext(id: bigint): NativeContext;
  /** Runs zmq_proxy_steerable on a thread of its own. */
  proxy(
    frontend: NativeSocket,
    backend: NativeSocket,
    capture: NativeSocket | null,
    control: NativeSocket | null,
  ): Promise<void>;
  /** Ends every proxy of this thread as a caught signal does: each rejects with EINTR. */
  interruptProxies(): void;
  /** ZMQ_POLLIN/POLLOUT/POLLERR bits that hold for a plain fd now. */
  fdEvents(fd: number, events: number): number;
  /** Hands the receive arena to the addon (native/recv_arena.h), which keeps it. */
  setRecvArena(arena: Uint8Array, meta: Uint32Array, large: Buffer[]): void;
  Socket: new (context: NativeContext, type: number, onReadable: () => void) => NativeSocket;
  Message: new (data?: Bytes | number) => NativeMessage;
  constants: Record<string, number | string>;
  /** The names of `constants` zmq.h defines only under its draft API (lib/draft.ts). */
  draftNames: string[];
  /** The class native errors are made with, and the system's errno names (name → number). */
  setErrorClass(errorClass: new (message: string) => Error, errnoNames: Readonly<Record<string, number>>): void;
  setExitLinger(ms: number): void;
  getExitLinger(): number;
  closeAll(isMainThread: boolean): void;
  version(): [number, number, number];
  has(capability: string): boolean;
  /** The names zmq.has() answers from its own table. */
  capabilityNames(): string[];
  curveKeypair(): { publicKey: string; secretKey: string };
  curvePublic(secretKey: string): string;
  z85Encode(data: Buffer): string;
  z85Decode(text: string): Buffer;
  strerror(errno: number): string;
}

// node-gyp-build's override, ZMQ_NAPI_PREBUILD, names a directory that holds build/ or
// prebuilds/; naming a .node file instead loads that very addon, so that a test run can be
// pointed at a prebuild (ZMQ_NAPI_PREBUILD=prebuilds/linux-x64/zmq-napi.glibc.node) while
// build/ holds another. lib/ and dist/ are both one level below the package root.
const override = process.env.ZMQ_NAPI_PREBUILD;
export const native = (
  override?.endsWith(".node") ? createRequire(__filename)(resolve(override)) : load(join(__dirname, ".."))
) as Addon;
