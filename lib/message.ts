import "./disposal";
import { native, type Bytes, type NativeMessage } from "./native";

/**
 * A libzmq message (zmq_msg_t). Received with `sock.recvMsg()` it is zero-copy and carries
 * metadata; sending one empties it, as in C.
 *
 * @example
 * const msg = await sock.recvMsg()
 * console.log(msg.toString(), msg.gets("Peer-Address"))
 */
export type Message = NativeMessage;

/** The type of `Message` the value: `new Message(data)`. */
export interface MessageConstructor {
  /** `data` is copied in; a number makes a zero-filled message of that many bytes. */
  new (data?: Bytes | number): Message;
  readonly prototype: Message;
}

export const Message: MessageConstructor = native.Message;

// The addon's class, given its Symbol.dispose here (symbols are defined by lib/disposal.ts).
Object.defineProperty(Message.prototype, Symbol.dispose, {
  value: function dispose(this: Message) {
    this.close();
  },
  writable: true,
  configurable: true,
});

// Every method and accessor checks, in the addon, that it is called on a real Message (a
// type tag only the constructor sets): on anything else, an Object.create(Message.prototype)
// or a Proxy of a Message included, it throws a TypeError (native/util/type_tag.h).
