// The numbers the TypeScript layer and the addon must agree on, written once: scripts/
// constants.mjs generates build/generated/wire_contract.h for the addon and
// lib/generated/wire.ts for lib/ from this list (npm run lint fails when lib/ writes one of
// them as a literal of its own).

/** getOpt/setOpt: how an option's value is read and written (lib/options.ts maps each option). */
export const OPTION_KINDS = { Int: 0, Int64: 1, Uint64: 2, Bytes: 3, String: 4, CurveKey: 5 };

export const WIRE = {
  // tryRecvInto's flags per frame (native/socket_recv.cc writes them, lib/engine/inbox.ts
  // reads them): MORE, more frames of the message follow; LARGE, the frame is the next
  // Buffer of `large`, not in the arena; REST, the size word counts the rest of the
  // message's frames, all in `large`.
  RECV_MORE: 1,
  RECV_LARGE: 2,
  RECV_REST: 4,
  // The words of a socket's watchState (docs/ARCHITECTURE.md, the watch protocol).
  WATCH_WANTED: 0,
  WATCH_ON: 1,
  // Frames up to this size are copied into the receive arena; tryRecvInto stops before a
  // message when less room than this is left, and the inbox takes a fresh arena.
  ARENA_FRAME_MAX_BYTES: 8 * 1024,
};
