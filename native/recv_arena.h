// The receive arena lib/inbox.ts shares with the addon: tryRecvInto copies small frames
// into its bytes, writes each frame's size and flags into meta and appends bigger frames to
// large. The inbox hands it over once, and again whenever it takes a fresh arena, so that
// a receive (once or twice per message in request-reply) reads no typed array through
// Node-API (docs/PERFORMANCE.md).
#pragma once

#include <napi.h>

#include <cstdint>

namespace zmqnapi {

struct RecvArena {
  bool ready() const { return bytes != nullptr; }

  // Strong references: the pointers below stay valid while these hold. The inbox marks the
  // arena untransferable, and takes a fresh one should it ever find it detached.
  Napi::Reference<Napi::Uint8Array> bytes_ref;
  Napi::Reference<Napi::Uint32Array> meta_ref;
  Napi::ObjectReference large;  // an Array
  uint8_t* bytes = nullptr;
  size_t size = 0;
  uint32_t* meta = nullptr;
  size_t pairs = 0;  // size/flags pairs meta holds
};

// Exports setRecvArena(arena: Uint8Array, meta: Uint32Array, large: Array).
void InitRecvArena(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
