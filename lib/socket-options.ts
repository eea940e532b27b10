// setsockopt and getsockopt behind Socket's typed signatures: each option read and written
// as its kind in the option table (lib/options.ts), and what the TypeScript layer keeps of
// some of them: RCVTIMEO/SNDTIMEO for pending operations, RCVMORE of a read-ahead message.
import { draftOptionCall } from "./draft";
import type { SocketEngine } from "./engine/engine";
import { native } from "./native";
import { fromNativeValue, HWM, HWM_PARTS, nativeKind, readableSpec, toNativeValue, writableSpec } from "./options";
import { checkSubscriptionOption } from "./subscription-bound";
import { requireInt } from "./validate";

const { RCVMORE, RCVTIMEO, SNDTIMEO } = native.constants as Record<string, number>;

/** Socket.setsockopt, checked at run time whatever the types let through. */
export function setSocketOption(engine: SocketEngine, type: number, option: number, value: unknown): void {
  requireInt("option", option);
  if (option === HWM) {
    for (const part of HWM_PARTS) setSocketOption(engine, type, part, value);
    return;
  }
  const spec = writableSpec(option);
  const nativeValue = toNativeValue(`ZMQ_${spec.name}`, spec.kind, value);
  checkSubscriptionOption(type, option, nativeValue);
  draftOptionCall(spec.name, () => engine.native.setOpt(option, nativeKind(spec.kind), nativeValue));
  if (option === RCVTIMEO) engine.rcvtimeo = value as number;
  if (option === SNDTIMEO) engine.sndtimeo = value as number;
  engine.afterNativeCall();
}

/** Socket.getsockopt. */
export function getSocketOption(engine: SocketEngine, option: number): unknown {
  requireInt("option", option);
  if (option === HWM) return getSocketOption(engine, HWM_PARTS[0]);
  // RCVMORE of the last frame taken from the read-ahead: libzmq's is the read-ahead's last.
  if (option === RCVMORE && engine.inbox.more !== undefined) return engine.inbox.more;
  const spec = readableSpec(option);
  const value = fromNativeValue(spec.kind, draftOptionCall(spec.name, () => engine.native.getOpt(option, nativeKind(spec.kind))));
  engine.afterNativeCall();
  return value;
}
