// Loads the addon (a prebuilt binary under prebuilds/ first, else the local build) and
// types what it exports. Everything else in lib/ goes through `native`.
import load from "node-gyp-build";
import { join } from "node:path";

/** Bytes a frame can be made of. */
export type Bytes = Buffer | string | ArrayBuffer | ArrayBufferView;

export interface NativeContext {
  set(option: number, value: number): void;
  get(option: number): number;
  shutdown(): void;
  term(): Promise<void>;
  share(): bigint;
  readonly terminated: boolean;
}

export interface NativeMessage {
  readonly data: Buffer;
  readonly size: number;
  readonly more: boolean;
  readonly closed: boolean;
  toString(): string;
  copy(): NativeMessage;
  gets(property: string): string;
  close(): void;
}

/** How getOpt/setOpt read and write an option's value (native/socket.cc). */
export const enum OptionKind {
  Int = 0,
  Int64 = 1,
  Uint64 = 2,
  Bytes = 3,
  String = 4,
  CurveKey = 5,
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
   * The fast receive path (lib/inbox.ts): waiting messages, small frames copied into the
   * arena (setRecvArena) from `offset`, others appended to its `large`; its `meta` gets a
   * size and flags per frame. Returns how many frames (size/flags pairs) it wrote.
   */
  tryRecvInto(offset: number, maxMessages: number, maxBytes: number): number;
  /** ZMQ_EVENTS; reading it also rearms the edge-triggered ZMQ_FD. */
  events(): number;
  /**
   * From now on the constructor's onReadable is called whenever ZMQ_FD signals; the addon
   * stops the watch itself once watchState[WATCH_WANTED] is 0 (below).
   */
  watch(keepAlive?: boolean): void;
  /**
   * Shared with the addon: [WATCH_WANTED] is set by lib/socket.ts while something waits
   * on the socket; [WATCH_ON] by the addon while the watch is on. A watch no longer wanted
   * is stopped by the addon right before the event loop next waits.
   */
  readonly watchState: Int32Array;
  /** zmq_socket_monitor; null stops monitoring. */
  monitor(endpoint: string | null, events: number): void;
  close(): void;
  readonly closed: boolean;
}

export interface NativeFdWatcher {
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
  setErrorClass(errorClass: new (message: string) => Error): void;
  setExitLinger(ms: number): void;
  getExitLinger(): number;
  closeAll(isMainThread: boolean): void;
  version(): [number, number, number];
  has(capability: string): boolean;
  curveKeypair(): { publicKey: string; secretKey: string };
  curvePublic(secretKey: string): string;
  z85Encode(data: Buffer): string;
  z85Decode(text: string): Buffer;
  strerror(errno: number): string;
}

// lib/ and dist/ are both one level below the package root.
export const native = load(join(__dirname, "..")) as Addon;
