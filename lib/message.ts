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

export interface MessageConstructor {
  /** `data` is copied in; a number makes a zero-filled message of that many bytes. */
  new (data?: Bytes | number): Message;
  readonly prototype: Message;
}

export const Message: MessageConstructor = native.Message;
