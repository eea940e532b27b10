// A message addressed by the draft API with the plain send calls: to one peer of a SERVER
// or PEER (`routingId`) or to one group of a RADIO (`group`). libzmq reads both from the
// zmq_msg_t, so the frame goes as a Message that carries them.
import type { CancelOptions } from "./call-options";
import { requireDraftApi } from "./draft";
import { native, type Bytes, type NativeMessage } from "./native";
import { requireInt } from "./validate";

/** Where a draft socket sends a message (see `Message.routingId` and `Message.group`). */
export interface Routing {
  /** SERVER, PEER: the routing id of the peer to send to (a received message's `routingId`). */
  routingId?: number;
  /** RADIO: the group to publish to, at most ZMQ_GROUP_MAX_LENGTH (255) bytes. */
  group?: string;
}

/** `trySend`'s options, in place of its flags. */
export interface TrySendOptions extends Routing {
  /** zmq.DONTWAIT, zmq.SNDMORE. */
  flags?: number;
}

/** `send`'s options, in place of its flags: those of trySend, and a signal and timeout. */
export interface SendOptions extends TrySendOptions, CancelOptions {}

type Sendable = Bytes | NativeMessage | readonly (Bytes | NativeMessage)[];

/** The flags of a send's second argument: flags, or its options (addressed() reads the rest). */
export function sendFlags(options: number | TrySendOptions): number {
  if (options === 0) return 0;
  if (typeof options === "number") return requireInt("flags", options);
  if (typeof options !== "object" || options === null) {
    throw new TypeError("the second argument of a send is its flags or an options object");
  }
  return options.flags === undefined ? 0 : requireInt("flags", options.flags);
}

/** `data` as a Message with the routing id and group set, or as it is when neither is given. */
export function addressed<T extends Sendable>(data: T, { routingId, group }: Routing): T | NativeMessage {
  if (routingId === undefined && group === undefined) return data;
  requireDraftApi("a routingId or group");
  if (Array.isArray(data)) {
    throw new TypeError("a message with a routingId or group is one frame: draft sockets send no multipart messages");
  }
  // A Message given is used as it is (sending empties it anyway); its setters check the values.
  const message = data instanceof native.Message ? data : new native.Message(data as Bytes);
  if (routingId !== undefined) message.routingId = routingId;
  if (group !== undefined) message.group = group;
  return message;
}
