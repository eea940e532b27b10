#include "recv_arena.h"

#include "addon.h"

namespace zmqnapi {

namespace {

Napi::Value SetRecvArena(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array ||
      !info[1].IsTypedArray() ||
      info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array || !info[2].IsArray()) {
    throw Napi::TypeError::New(env,
                               "setRecvArena(arena: Uint8Array, meta: Uint32Array, large: Array)");
  }
  auto bytes = info[0].As<Napi::Uint8Array>();
  auto meta = info[1].As<Napi::Uint32Array>();
  if (meta.ElementLength() < 4)
    throw Napi::RangeError::New(env, "meta must hold at least two frames");
  RecvArena& arena = AddonData::Of(env)->recv_arena;
  arena.bytes_ref = Napi::Persistent(bytes);
  arena.meta_ref = Napi::Persistent(meta);
  arena.large = Napi::Persistent(info[2].As<Napi::Object>());
  arena.bytes = bytes.Data();
  arena.size = bytes.ElementLength();
  arena.meta = meta.Data();
  arena.pairs = meta.ElementLength() / 2;
  return env.Undefined();
}

}  // namespace

void InitRecvArena(Napi::Env env, Napi::Object exports) {
  exports.Set("setRecvArena", Napi::Function::New<SetRecvArena>(env, "setRecvArena"));
}

}  // namespace zmqnapi
