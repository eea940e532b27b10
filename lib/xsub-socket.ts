// Which class a new socket gets, and the subscription bound (lib/subscription-bound.ts)
// applied from birth: an XSUB checks what it sends, a PUB or XPUB bounds what peers send.
import type { Context } from "./context";
import { native, type NativeContext } from "./native";
import { checkXsubFrames, SAFE_PEER_MESSAGE_BYTES, takesPeerSubscriptions } from "./subscription-bound";
import { Socket, type MessageLike } from "./socket";

const { XSUB, MAXMSGSIZE } = native.constants as Record<string, number>;

const framesOf = (data: MessageLike): readonly unknown[] => (Array.isArray(data) ? data : [data]);

/**
 * An XSUB: every send is first checked for a subscription over MAX_SUBSCRIPTION_BYTES,
 * which is a RangeError before anything of the message is sent. Other sockets never pay
 * for the check.
 */
class XsubSocket extends Socket {
  override send(data: MessageLike, flags = 0): Promise<void> {
    checkXsubFrames(framesOf(data));
    return super.send(data, flags);
  }

  override trySend(data: MessageLike, flags = 0): boolean {
    checkXsubFrames(framesOf(data));
    return super.trySend(data, flags);
  }

  override sendMany(messages: readonly MessageLike[]): Promise<void> {
    if (Array.isArray(messages)) for (const message of messages) checkXsubFrames(framesOf(message));
    return super.sendMany(messages);
  }
}

/** @internal A socket of `type` for `context.socket(type)`. */
export function newSocket(context: Context, nativeContext: NativeContext, type: number): Socket {
  const socket = type === XSUB ? new XsubSocket(context, nativeContext, type) : new Socket(context, nativeContext, type);
  if (takesPeerSubscriptions(type)) socket.setsockopt(MAXMSGSIZE, SAFE_PEER_MESSAGE_BYTES);
  return socket;
}
