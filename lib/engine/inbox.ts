// A socket's read-ahead: whole messages taken from libzmq many at a time by one native call
// (tryRecvInto) and not yet handed out. One call per message costs more than the message
// (a Buffer each, made in C++: a backing store, two mallocs, GC sweeping), so a receive
// takes what is already waiting, up to a bound, and the next receives are served from here
// without leaving JavaScript.
import { markAsUntransferable } from "node:worker_threads";
import { ARENA_FRAME_MAX_BYTES, RECV_LARGE, RECV_MORE, RECV_REST } from "../generated/wire";
import { native, type NativeSocket } from "../native";

// Small frames are copied into a shared arena and handed out as slices of it, as Node's
// own Buffer pool and net sockets do. A slice keeps its whole arena alive, so the arena is
// no bigger than a net socket's read buffer: a kept 8-byte message holds at most 64 KiB, as
// a kept chunk of a socket's 'data' may. Smaller, it served too few KiB frames per arena:
// 16 KiB took 14 frames of 1 KiB, and read-ahead copied the rest into Buffers of their own.
const ARENA_BYTES = 64 * 1024;
// Frames one call can describe: two words each.
const META_FRAMES = 1024;

// How far a fill reads ahead when more messages are waiting: enough for one native call to
// serve hundreds of small messages, and a bound on the bytes so that read-ahead holds little
// beyond what libzmq's own queue would.
const READ_AHEAD_MESSAGES = 256;
const READ_AHEAD_BYTES = 1024 * 1024;

// What tryRecvInto writes besides the arena: a size and flags per frame, and the frames
// too big for the arena.
const meta = new Uint32Array(2 * META_FRAMES);
const large: Buffer[] = [];

// allocUnsafeSlow: a Buffer over an ArrayBuffer of its own, from its start, so an offset
// into the arena is an offset into arenaBytes. Frames handed out share arenaBytes; like
// Node's own Buffer pool it is marked untransferable, so no receiver can detach it under
// the frames of others (postMessage and structuredClone refuse to transfer it). The addon
// keeps the arena, meta and large from one setRecvArena to the next (native/recv_arena.h).
let arena!: Buffer;
let arenaBytes!: ArrayBuffer;
let arenaUsed = 0;

function renewArena(): void {
  arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
  arenaBytes = arena.buffer as ArrayBuffer;
  arenaUsed = 0;
  markAsUntransferable(arenaBytes);
  native.setRecvArena(arena, meta, large);
}
renewArena();

// The class Node makes its own Buffers with (Buffer.from(arrayBuffer, offset, length) is
// `new` of it): a frame made by it directly over the arena's ArrayBuffer is a genuine Buffer
// at ~40 ns, where arena.subarray() takes 60–100 (it reads `.buffer`, a call into C++, each
// time). Node publishes it as Buffer[Symbol.species]; should that ever not make Buffers,
// subarray it is.
type BufferClass = new (bytes: ArrayBuffer, offset: number, length: number) => Buffer;
const NodeBuffer = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species] as BufferClass;
const makesBuffers = typeof NodeBuffer === "function" && Buffer.isBuffer(new NodeBuffer(new ArrayBuffer(1), 0, 1));
const sliceOfArena: (offset: number, size: number) => Buffer = makesBuffers
  ? (offset, size) => new NodeBuffer(arenaBytes, offset, size)
  : (offset, size) => arena.subarray(offset, offset + size);

/**
 * One socket's read-ahead, and RCVMORE of what it handed out: the receives take frames and
 * messages from it, and it fills itself from libzmq when empty (`fill`).
 */
export class Inbox {
  readonly #socket: NativeSocket;
  // The messages of the last read-ahead, handed out from #next on. The inbox reads ahead
  // only when it is empty, so a plain array does: no queue to push each message into and
  // shift it out of.
  #batch: (Buffer[] | undefined)[] = [];
  #next = 0;
  /** How many frames of the head message frame-at-a-time receives have handed out. */
  #headTaken = 0;
  // Whether the socket is taken one message at a time (see fill), and whether the last
  // fill found anything.
  #oneAtATime = false;
  #lastFound = false;
  // RCVMORE of the last frame a receive took from the inbox; undefined when the last frame
  // came from libzmq itself (recvMsg), which then knows.
  #more: boolean | undefined;

  // A REQ or REP: libzmq gives it one message per send, so no read ever finds a second.
  readonly #lockstep: boolean;

  constructor(socket: NativeSocket, lockstep: boolean) {
    this.#socket = socket;
    this.#lockstep = lockstep;
  }

  /** Messages held: read ahead and not yet handed out (a partly handed-out one counts). */
  get held(): number {
    return this.#batch.length - this.#next;
  }

  /** RCVMORE of the last frame handed out; undefined when libzmq is to be asked (recvMsg). */
  get more(): boolean | undefined {
    return this.#more;
  }

  /**
   * Fills the empty inbox for a receive: up to READ_AHEAD_MESSAGES and READ_AHEAD_BYTES,
   * or only one message while the socket's messages come one at a time. Reading ahead
   * costs nothing while messages are queued in libzmq, but the read that finds the queue
   * empty costs a poll of libzmq's mailbox (a syscall, more than a small message's whole cost): a
   * request-reply socket, which never has a second message waiting, would pay it on every
   * message, and once more for the receive after its send. So after a read-ahead that found
   * a single message, messages are taken one by one until two reads in a row find one.
   * Returns false when nothing was waiting.
   */
  fill(): boolean {
    if (this.held > 0) return true; // (receives read ahead only when it is empty)
    const batch: Buffer[][] = [];
    const max = this.#oneAtATime || this.#lockstep ? 1 : READ_AHEAD_MESSAGES;
    const found = receiveWaiting(this.#socket, max, READ_AHEAD_BYTES, batch);
    this.#batch = batch;
    this.#next = 0;
    if (this.#oneAtATime) {
      if (found === 1 && this.#lastFound) this.#oneAtATime = false;
    } else if (found === 1) {
      this.#oneAtATime = true;
    }
    this.#lastFound = found > 0;
    return found > 0;
  }

  /** The rest of the head message (all of it, unless frames of it were taken). */
  takeMessage(): Buffer[] | undefined {
    if (this.#next === this.#batch.length) return undefined;
    const message = this.#batch[this.#next]!;
    this.#batch[this.#next++] = undefined; // not kept alive once handed out
    this.#more = false;
    if (this.#headTaken === 0) return message;
    const rest = message.slice(this.#headTaken);
    this.#headTaken = 0;
    return rest;
  }

  /** The next frame of the head message; `more` then tells whether more of it follow. */
  takeFrame(): Buffer | undefined {
    if (this.#next === this.#batch.length) return undefined;
    const message = this.#batch[this.#next]!;
    const frame = message[this.#headTaken++];
    const more = this.#headTaken < message.length;
    if (!more) {
      this.#batch[this.#next++] = undefined;
      this.#headTaken = 0;
    }
    this.#more = more;
    return frame;
  }

  /** Up to `max` of the messages held, at least one (for recvMany while some are held). */
  takeMessages(max: number): Buffer[][] {
    const messages: Buffer[][] = [];
    while (messages.length < max && this.held > 0) messages.push(this.takeMessage()!);
    return messages;
  }

  /**
   * For recvMany while none is held: up to `max` messages straight from libzmq into the
   * result, not through the inbox (READ_AHEAD_BYTES bounds them too); null when none was
   * waiting. lastReceivedBytes() tells what they weigh.
   */
  receiveMessages(max: number): Buffer[][] | null {
    const messages: Buffer[][] = [];
    const most = this.#lockstep ? 1 : max;
    if (receiveWaiting(this.#socket, most, READ_AHEAD_BYTES, messages) === 0) return null;
    this.#more = false;
    return messages;
  }

  /** The next frame comes from libzmq directly (recvMsg), which then knows RCVMORE. */
  deferMoreToLibzmq(): void {
    this.#more = undefined;
  }

  /**
   * Puts whole messages this inbox handed out back at its head, in their order (a stream
   * torn down before it delivered them: lib/streams.ts). A head message partly taken by
   * frame-at-a-time receives stays first, so their frames stay together.
   */
  giveBack(messages: readonly Buffer[][]): void {
    if (messages.length === 0) return;
    const held = this.#batch.slice(this.#next);
    this.#batch = this.#headTaken > 0 ? [held[0], ...messages, ...held.slice(1)] : [...messages, ...held];
    this.#next = 0;
  }

  clear(): void {
    this.#batch = [];
    this.#next = 0;
    this.#headTaken = 0;
  }
}

/** Less room left than a frame tryRecvInto copies: it stops there, and a fresh arena is due. */
function arenaIsFull(): boolean {
  return ARENA_BYTES - arenaUsed < ARENA_FRAME_MAX_BYTES;
}

/**
 * Receives what is waiting on the socket into `into`: up to `maxMessages`, and no more once
 * `maxBytes` have come. Returns how many messages came. The inbox reads ahead with it;
 * recvMany, when the inbox is empty, takes its batch with it straight into its result.
 */
function receiveWaiting(socket: NativeSocket, maxMessages: number, maxBytes: number, into: Buffer[][]): number {
  let messages = 0;
  let bytes = 0;
  for (;;) {
    // Below this much room a fresh arena is taken: tryRecvInto copies frames up to that
    // size. (An arena of length 0 was detached, which markAsUntransferable should prevent;
    // the addon must then not write to it either.)
    if (arenaIsFull() || arena.length === 0) renewArena();
    let found: number;
    try {
      found = receiveIntoArena(socket, maxMessages - messages, maxBytes - bytes, into);
    } catch (error) {
      // A call after the first failed at its first message: what the calls before it took
      // is handed out, not lost, and the next receive meets the error if it lasts. (A REQ's
      // or REP's EFSM was one, before Inbox read one message at a time for them.)
      if (messages === 0) throw error;
      break;
    }
    messages += found;
    bytes += receivedBytes;
    // tryRecvInto stops before a message it might not have room for: with a fresh arena,
    // on, while messages keep coming and the bounds allow.
    if (!arenaIsFull() || found === 0 || messages >= maxMessages || bytes >= maxBytes) break;
  }
  receivedBytes = bytes;
  return messages;
}

/** One tryRecvInto into the arena from arenaUsed on; receivedBytes then tells its bytes. */
function receiveIntoArena(socket: NativeSocket, maxMessages: number, maxBytes: number, into: Buffer[][]): number {
  // Set only when not already 0: a store to an array's length goes through V8's runtime,
  // even when it changes nothing (docs/PERFORMANCE.md).
  if (large.length !== 0) large.length = 0; // a call that threw may have left some
  const pairs = socket.tryRecvInto(arenaUsed, maxMessages, maxBytes);
  let bytes = 0;
  let nextLarge = 0;
  let begun: Buffer[] | undefined; // the frames of a multipart message so far
  let messages = 0;
  for (let i = 0; i < pairs; i++) {
    const size = meta[2 * i];
    const flags = meta[2 * i + 1];
    let message: Buffer[];
    if (flags & RECV_REST) {
      message = begun ?? [];
      for (let k = 0; k < size; k++) {
        const frame = large[nextLarge++];
        bytes += frame.length;
        message.push(frame);
      }
    } else {
      let frame: Buffer;
      if (flags & RECV_LARGE) {
        frame = large[nextLarge++];
      } else {
        frame = sliceOfArena(arenaUsed, size);
        arenaUsed += size;
      }
      bytes += size;
      if (flags & RECV_MORE) {
        (begun ??= []).push(frame);
        continue;
      }
      // A literal for the common single frame: an array grown by push costs more.
      if (begun === undefined) message = [frame];
      else (message = begun).push(frame);
    }
    into.push(message);
    begun = undefined;
    messages++;
  }
  if (large.length !== 0) large.length = 0; // not to keep large frames alive
  receivedBytes = bytes;
  return messages;
}

// The bytes the last receiveWaiting took, kept here rather than returned: an object per call
// would be one more allocation on the path every small message takes.
let receivedBytes = 0;

/** How many bytes the last receiveWaiting took from libzmq (for a socket's turn budget). */
export function lastReceivedBytes(): number {
  return receivedBytes;
}
