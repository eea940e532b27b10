// What a socket shows poll, proxies, signals, monitors and auth (SocketInternals, in
// lib/engine/registry.ts), made from its engine.
import { native } from "../native";
import type { SocketEngine } from "./engine";
import type { SocketInternals } from "./registry";

const { POLLIN } = native.constants as Record<string, number>;

/** A socket's internals; `peerLimit` is the socket's own (see SocketInternals.peerLimit). */
export function socketInternals(engine: SocketEngine, peerLimit: () => bigint): SocketInternals {
  return {
    native: engine.native,
    events: () => {
      // Messages read ahead are readiness libzmq no longer sees.
      const events = engine.native.events() | (engine.inbox.held > 0 ? POLLIN : 0);
      engine.afterNativeCall();
      return events;
    },
    addPollWaiter: (wake) => {
      engine.pollWaiters.add(wake);
      engine.updateWatch();
    },
    removePollWaiter: (wake) => {
      engine.pollWaiters.delete(wake);
      if (!engine.closed) engine.updateWatch();
    },
    hasPending: () => engine.hasPending(),
    heldMessages: () => engine.inbox.held,
    setKeepAlive: (keepAlive) => engine.setKeepAlive(keepAlive),
    failPending: (error) => engine.failAll(error),
    giveBack: (messages) => engine.giveBack(messages),
    peerLimit,
    flushSends: () => engine.flushSends(),
  };
}
