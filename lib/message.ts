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

// The class is the addon's own, so a method or accessor called on something that is no
// Message (`Message.prototype.size.call(1)`) would fail inside node-addon-api with a bare
// Error. Each one checks its receiver first and throws a TypeError, as for any wrong argument.
function requireMessage(receiver: unknown, name: string): void {
  if (!(receiver instanceof native.Message)) throw new TypeError(`Message.prototype.${name} needs a Message`);
}

for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(Message.prototype))) {
  if (name === "constructor") continue;
  const { get, value } = descriptor;
  if (get !== undefined) {
    descriptor.get = function (this: unknown) {
      requireMessage(this, name);
      return get.call(this);
    };
  } else if (typeof value === "function") {
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      requireMessage(this, name);
      return (value as (...args: unknown[]) => unknown).apply(this, args);
    };
  } else {
    continue;
  }
  Object.defineProperty(Message.prototype, name, descriptor);
}
