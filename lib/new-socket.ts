// What a socket gets from birth for the subscription bound (lib/subscription-bound.ts): an
// XSUB checks each message it sends, a PUB or XPUB bounds what its peers may send.
import type { Context } from "./context";
import { publishOpen } from "./diagnostics";
import { checkSocketType } from "./draft";
import { native, type NativeContext, type NativeSocket } from "./native";
import { SAFE_PEER_MESSAGE_BYTES, takesPeerSubscriptions, xsubRefusal } from "./subscription-bound";
import { internalsOf } from "./engine/registry";
import { Socket } from "./socket";

const { XSUB, MAXMSGSIZE } = native.constants as Record<string, number>;

/** @internal A socket of `type`, for `context.socket(type)`. */
export function newSocket(context: Context, nativeContext: NativeContext, type: number): Socket {
  checkSocketType(type);
  const socket = new Socket(context, nativeContext, type);
  if (type === XSUB) checkSendsOf(internalsOf(socket).native);
  if (takesPeerSubscriptions(type)) socket.setsockopt(MAXMSGSIZE, SAFE_PEER_MESSAGE_BYTES);
  publishOpen(socket); // once it is all set up
  return socket;
}

const framesOf = (message: unknown): readonly unknown[] => (Array.isArray(message) ? message : [message]);

// Every way to send on a Socket (send, trySend, sendMany, sendSync, called through
// Socket.prototype or not) ends in one of the addon's three sends: an XSUB's own ones check
// first, so that an oversized subscription is a RangeError before anything of its message is
// sent, and no other socket's sends pay for the check.
function checkSendsOf(target: NativeSocket): void {
  const { trySend, trySendMany, sendSync } = target;
  // Own properties, defined: the addon's methods are read-only on its prototype.
  const replace = (name: "trySend" | "trySendMany" | "sendSync", method: (...args: never[]) => unknown) =>
    Object.defineProperty(target, name, { value: method });
  // The arguments go on as they came: the addon reads flags only when they are passed.
  replace("trySend", (...args: [unknown, number?]) => {
    const refusal = xsubRefusal(framesOf(args[0]));
    if (refusal !== undefined) throw refusal;
    return trySend.apply(target, args);
  });
  replace("sendSync", (...args: [unknown, number, number?]) => {
    const refusal = xsubRefusal(framesOf(args[0]));
    if (refusal !== undefined) throw refusal;
    return sendSync.apply(target, args);
  });
  // The messages before a refused one are sent; the next call then meets it first.
  replace("trySendMany", (...messages: unknown[]) => {
    for (let i = 0; i < messages.length; i++) {
      const refusal = xsubRefusal(framesOf(messages[i]));
      if (refusal === undefined) continue;
      if (i === 0) throw refusal;
      return trySendMany.apply(target, messages.slice(0, i));
    }
    return trySendMany.apply(target, messages);
  });
}
