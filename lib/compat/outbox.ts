// The legacy send: every message is tried at once, synchronously (libzmq has it before
// send() returns whenever the socket can take it), and otherwise held here, in order, until
// the socket can (the high-water mark, a REQ waiting for its reply) or until resume().
// What a PUB or XPUB holds is bounded by its SNDHWM: past it, a message is dropped there as
// libzmq itself drops it, so nothing unbounded builds up in front of a publisher.
import { Fifo } from "../fifo";
import type { Socket as NapiSocket } from "../socket";
import { PUB, REQ, SNDHWM, XPUB } from "../constants";
import { isStateError } from "./errors";

/** A send's callback: the error, or nothing once libzmq has the message. */
export type SendCallback = (error?: Error) => void;

/** One whole message: its frames and the callbacks of the send() calls that made it. */
export interface Outgoing {
  readonly frames: (Buffer | string)[];
  readonly callbacks: SendCallback[];
}

/** A part of a message as the legacy send took it: a Buffer, a string, else `String(x)`. */
export function toFrame(part: unknown): Buffer | string {
  return Buffer.isBuffer(part) || typeof part === "string" ? part : String(part);
}

/** What a flush did: whether it called libzmq at all, and how many messages left. */
export interface Flushed {
  attempted: boolean;
  moved: number;
}

/** The outcome of one try: taken, would block, or the error it failed with. */
type Outcome = true | false | Error;

export class Outbox {
  readonly #socket: NapiSocket;
  readonly #held = new Fifo<Outgoing>();
  readonly #bounded: boolean;
  readonly #lockstep: boolean;
  // Settles a message: its callbacks with the error, or with nothing once it was sent.
  readonly #settle: (message: Outgoing, error?: Error) => void;

  constructor(socket: NapiSocket, settle: (message: Outgoing, error?: Error) => void) {
    this.#socket = socket;
    this.#settle = settle;
    this.#bounded = socket.type === PUB || socket.type === XPUB;
    this.#lockstep = socket.type === REQ;
  }

  /** Whether held messages can still go after close(): not a REQ's, which wait for replies. */
  get drains(): boolean {
    return !this.#lockstep;
  }

  /** How many messages are held. */
  get held(): number {
    return this.#held.length;
  }

  /**
   * Sends now if nothing is held before it and `hold` is false (not paused), else holds.
   * True when the message went (or failed) now; false when it is held.
   */
  send(message: Outgoing, hold: boolean): boolean {
    if (!hold && this.#held.length === 0) {
      const outcome = this.#try(message);
      if (outcome !== false) {
        this.#settle(message, outcome === true ? undefined : outcome);
        return true;
      }
    }
    if (this.#bounded && this.#full()) {
      this.#settle(message); // dropped at the high-water mark, as libzmq's PUB does: no error
      return true;
    }
    this.#held.push(message);
    return false;
  }

  /** Sends held messages, in order, until one would block or `max` have gone. */
  flush(max = Infinity): Flushed {
    const flushed: Flushed = { attempted: false, moved: 0 };
    while (flushed.moved < max) {
      const head = this.#held.peek();
      if (head === undefined) break;
      flushed.attempted = true;
      const outcome = this.#try(head);
      if (outcome === false) break;
      this.#held.shift();
      flushed.moved++;
      this.#settle(head, outcome === true ? undefined : outcome);
    }
    return flushed;
  }

  /** Settles every held message with `error` (the socket closed with them still held). */
  dropAll(error: Error): void {
    for (const message of this.#held.drain()) this.#settle(message, error);
  }

  #try(message: Outgoing): Outcome {
    try {
      return this.#socket.trySend(message.frames);
    } catch (error) {
      // A REQ still waiting for its reply: the next request waits for it, in order.
      if (this.#lockstep && isStateError(error)) return false;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  #full(): boolean {
    const hwm = this.#socket.getsockopt(SNDHWM) as number;
    return hwm > 0 && this.#held.length >= hwm;
  }
}
