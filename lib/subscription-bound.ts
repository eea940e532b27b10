// The bound on a subscription's length, and where it is checked.
//
// libzmq 4.3.4 keeps a SUB's and an XSUB's subscriptions in a trie (src/trie.cpp) whose
// add, rm, apply and destructor recurse once per byte of a subscription: a long one
// overflows the stack of whichever thread walks it and the process dies (SIGSEGV; open
// upstream as libzmq#4671). The walks run on the socket user's thread (SUBSCRIBE,
// UNSUBSCRIBE, an XSUB's sends, and the subscriptions an XSUB re-sends to a new peer), on
// a proxy's own thread (the subscriptions an XPUB forwards to an XSUB, and the
// unsubscriptions it makes when a peer leaves), and on libzmq's reaper thread (the trie's
// destructor, at close). An XPUB's own multi-trie is walked without recursion in 4.3.4
// (src/generic_mtrie_impl.hpp), but what a peer subscribes to on an XPUB is what a
// forwarder hands on to an XSUB, so a peer must not send more than an XSUB can take.
//
// Measured on x86-64, Debian's libzmq 4.3.4, Node 20 (bisecting the length that crashes):
// trie rm 80 bytes of stack per byte of subscription (4 MB Worker: crash at 52,256 bytes;
// 8 MB main thread: 105,035), add 48 (8 MB: 174,782; apply, to a new peer, crashed no
// sooner), destructor 48 (the reaper thread under `ulimit -s 2048`: 43,470). The smallest stack is a Worker's with its
// JavaScript as deep as V8 lets it go: Node leaves 192 KiB under V8's limit (node_worker.h,
// kStackBufferSize, whatever resourceLimits.stackSizeMb says), and there SUBSCRIBE then
// UNSUBSCRIBE crashed at 2,914 bytes. libzmq's I/O, reaper and a proxy's threads take
// glibc's default stack: RLIMIT_STACK, or 2 MiB where it is unlimited (26,000 levels).
// 1024 bytes leaves the deep Worker a margin of 2.8 times; topics are far shorter.

import { native } from "./native";

/**
 * The longest subscription (topic prefix, in bytes) zmq-napi lets reach libzmq:
 * `setsockopt(zmq.SUBSCRIBE | zmq.UNSUBSCRIBE)` with more is a RangeError, as is a frame
 * sent on an XSUB that is a longer (un)subscription, and PUB and XPUB sockets start with
 * `MAXMSGSIZE` at `MAX_SUBSCRIPTION_BYTES + 1` so that peers cannot send longer ones.
 *
 * @example sub.setsockopt(zmq.SUBSCRIBE, topic.subarray(0, zmq.MAX_SUBSCRIPTION_BYTES))
 */
export const MAX_SUBSCRIPTION_BYTES = 1024;

/** A PUB's or XPUB's default MAXMSGSIZE: a subscription message is its topic after one byte. */
export const SAFE_PEER_MESSAGE_BYTES = MAX_SUBSCRIPTION_BYTES + 1;

const { SUBSCRIBE, UNSUBSCRIBE, MAXMSGSIZE, PUB, XPUB, XSUB } = native.constants as Record<string, number>;

/** Sockets that take subscriptions from their peers, and bound what a peer may send. */
export function takesPeerSubscriptions(type: number): boolean {
  return type === PUB || type === XPUB;
}

/** Whether a MAXMSGSIZE keeps every message a peer sends within the bound. */
function boundsPeerMessages(maxMsgSize: bigint): boolean {
  return maxMsgSize >= 0n && maxMsgSize <= BigInt(SAFE_PEER_MESSAGE_BYTES);
}

function byteLength(value: unknown): number {
  if (typeof value === "string") return Buffer.byteLength(value, "utf8");
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  return 0;
}

/**
 * Refuses, with a RangeError, an option value that could let a subscription past the
 * bound. `value` has passed the option's type check already.
 */
export function checkSubscriptionOption(type: number, option: number, value: unknown): void {
  if (option === SUBSCRIBE || option === UNSUBSCRIBE) {
    const length = byteLength(value);
    if (length > MAX_SUBSCRIPTION_BYTES) {
      throw new RangeError(
        `a subscription is at most MAX_SUBSCRIPTION_BYTES (${MAX_SUBSCRIPTION_BYTES}) bytes, got ${length}: ` +
          "libzmq's subscription trie recurses once per byte and a longer one can overflow the stack",
      );
    }
  } else if (option === MAXMSGSIZE && takesPeerSubscriptions(type)) {
    const size = BigInt(value as number | bigint);
    if (!boundsPeerMessages(size)) {
      throw new RangeError(
        `MAXMSGSIZE on a PUB or XPUB is from 0 to ${SAFE_PEER_MESSAGE_BYTES} (MAX_SUBSCRIPTION_BYTES + 1), ` +
          `got ${size}: a peer's longer subscription, forwarded to an XSUB, can overflow the stack. ` +
          "To take larger messages from peers all the same, use sock.allowLargePeerMessages(bytes)",
      );
    }
  }
}

// The frame's length, and its first byte (undefined when it has none).
function frameHead(frame: unknown): [number, number | undefined] {
  if (typeof frame === "string") return [Buffer.byteLength(frame, "utf8"), frame.length > 0 ? frame.charCodeAt(0) : undefined];
  if (frame instanceof ArrayBuffer) frame = new Uint8Array(frame);
  if (ArrayBuffer.isView(frame)) {
    return [frame.byteLength, frame.byteLength > 0 ? new Uint8Array(frame.buffer, frame.byteOffset, 1)[0] : undefined];
  }
  // A Message: its bytes are only looked at when it is long enough to matter. Anything
  // else is left to the send's own checks, which name what is wrong with it.
  if (!(frame instanceof native.Message) || frame.size <= SAFE_PEER_MESSAGE_BYTES) return [0, undefined];
  return [frame.size, frame.data[0]];
}

/**
 * The RangeError for a message (its frames) that an XSUB must not send: one with a frame that
 * libzmq would take for a subscription (first byte 1) or an unsubscription (0) longer than
 * the bound. Without ZMQ_ONLY_FIRST_SUBSCRIBE (draft API) libzmq 4.3.4 looks at every frame.
 */
export function xsubRefusal(frames: readonly unknown[]): RangeError | undefined {
  for (const frame of frames) {
    const [length, first] = frameHead(frame);
    if (length > SAFE_PEER_MESSAGE_BYTES && (first === 0 || first === 1)) {
      return new RangeError(
        `an XSUB's (un)subscription is at most MAX_SUBSCRIPTION_BYTES (${MAX_SUBSCRIPTION_BYTES}) bytes after ` +
          `its first byte, got ${length - 1}: libzmq's subscription trie recurses once per byte`,
      );
    }
  }
  return undefined;
}

/** What checkSubscriptionFlows needs to know of a socket. */
export interface FlowEnd {
  type: number;
  maxMsgSize: bigint;
}

/**
 * Refuses, with a RangeError, a proxy that would send an XSUB what its peers did not bound:
 * the proxy's thread hands each message, unchecked, to the XSUB, which takes it for a
 * subscription when it begins with 0 or 1. Into an XSUB go what the other side receives,
 * and, if the XSUB is the capture, what both sides do; each such side must be a PUB or an
 * XPUB within the bound, whose tcp and ipc peers MAXMSGSIZE holds to it. (Its inproc peers
 * it does not: a SUB or XSUB of zmq-napi is held by the checks above, but libzmq 4.3.4 lets
 * a socket of any type connect to an XPUB over inproc.)
 * `describe` is undefined for what is no socket (left to the proxy's own checks).
 */
export function checkSubscriptionFlows<T>(
  frontend: T,
  backend: T,
  capture: T | null | undefined,
  describe: (socket: T) => FlowEnd | undefined,
): void {
  const flows: [T | null | undefined, T[]][] = [
    [frontend, [backend]],
    [backend, [frontend]],
    [capture, [frontend, backend]],
  ];
  for (const [sink, sources] of flows) {
    if (sink === null || sink === undefined || describe(sink)?.type !== XSUB) continue;
    for (const source of sources) {
      const end = describe(source);
      if (end === undefined || (takesPeerSubscriptions(end.type) && boundsPeerMessages(end.maxMsgSize))) continue;
      throw new RangeError(
        "a proxy sends an XSUB only what a PUB or XPUB with MAXMSGSIZE from 0 to " +
          `${SAFE_PEER_MESSAGE_BYTES} (MAX_SUBSCRIPTION_BYTES + 1, their default) receives: ` +
          "anything longer would reach the XSUB as a subscription and could overflow the stack",
      );
    }
  }
}
