// The legacy receive: whole messages taken synchronously (read(), and the 'message' events
// a socket's watch delivers), and the REQ/REP lockstep that says when a receive may be
// tried at all: libzmq answers a receive in the wrong state with EFSM, not "nothing yet".
import type { Socket as NapiSocket } from "../socket";
import { PUB, PUSH, REP, REQ } from "../constants";
import { isNotSupported, isStateError } from "./errors";

/**
 * Whether the socket may receive now. A REQ may once its request went, until the reply came;
 * a REP until a request came, then again once its reply went; a PUB or PUSH never; the
 * others always.
 */
export class ReceiveGate {
  #open: boolean;
  readonly #type: number;

  constructor(type: number) {
    this.#type = type;
    this.#open = type !== REQ && type !== PUB && type !== PUSH;
  }

  get open(): boolean {
    return this.#open;
  }

  /** A whole message was received. */
  received(): void {
    if (this.#type === REQ || this.#type === REP) this.#open = false;
  }

  /** A whole message was sent. */
  sent(): void {
    if (this.#type === REQ || this.#type === REP) this.#open = true;
  }
}

/**
 * The next whole message if one is waiting, else null: never waits. A receive in a state
 * that cannot receive (EFSM, or a socket that never receives) is "nothing waiting" too.
 */
export function readMessage(socket: NapiSocket): Buffer[] | null {
  let first: Buffer | null;
  try {
    first = socket.tryRecv();
  } catch (error) {
    if (isStateError(error) || isNotSupported(error)) return null;
    throw error;
  }
  if (first === null) return null;
  const frames = [first];
  // The frames of one message arrive together: the rest is there already.
  while (socket.more) frames.push(socket.tryRecv()!);
  return frames;
}

// The most frames a 'message' passes as arguments: a call with some 60,000 of them runs out
// of V8's stack, and a peer decides how many frames a message has.
export const MAX_MESSAGE_FRAMES = 32_768;

/** What a message of more frames than 'message' passes becomes: an error that carries them. */
export function tooManyFrames(frames: Buffer[]): RangeError & { frames: Buffer[] } {
  const message = `a message of ${frames.length} frames, more than 'message' passes (${MAX_MESSAGE_FRAMES})`;
  return Object.assign(new RangeError(message), { frames });
}
