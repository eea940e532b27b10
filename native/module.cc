// The addon's entry point: registers the classes, functions and constants, and holds the
// small module-wide calls (setErrorClass, the exit linger, closeAll).
#include <napi.h>
#include <uv.h>
#include <zmq.h>

#include <type_traits>

#include "addon.h"
#include "context.h"
#include "fd_poll.h"
#include "library.h"
#include "message.h"
#include "proxy.h"
#include "socket.h"
#include "util/args.h"

namespace zmqnapi {

namespace {

// Most constants are integers; a few draft ones (message property names) are strings.
template <typename T>
Napi::Value ConstantValue(Napi::Env env, T value) {
  if constexpr (std::is_arithmetic_v<T>) {
    return Napi::Number::New(env, static_cast<double>(value));
  } else {
    return Napi::String::New(env, value);
  }
}

// constants, and draftNames: the names zmq.h defines only under its draft API (exported on
// every build, see scripts/constants.mjs), so lib/ can tell a draft socket type or option.
void ExportConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object constants = Napi::Object::New(env);
  Napi::Array draft_names = Napi::Array::New(env);
#define ZMQNAPI_CONSTANT(name, value) constants.Set(#name, ConstantValue(env, value));
#define ZMQNAPI_DRAFT(name) draft_names.Set(draft_names.Length(), #name);
#include "zmq_constants.h"
#undef ZMQNAPI_DRAFT
#undef ZMQNAPI_CONSTANT
  exports.Set("constants", constants);
  exports.Set("draftNames", draft_names);
}

// setErrorClass(ZmqError, errnoNames): native errors are made as instances of the
// TypeScript class, their `code` named from errnoNames (name → number, os.constants.errno;
// where two names share a number, the first one listed).
Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) throw Napi::TypeError::New(env, "expected a class");
  if (!info[1].IsObject()) throw Napi::TypeError::New(env, "expected errno names");
  AddonData* data = AddonData::Of(env);
  data->error_class = Napi::Persistent(info[0].As<Napi::Function>());
  Napi::Object names = info[1].As<Napi::Object>();
  Napi::Array keys = names.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); i++) {
    Napi::Value name = keys.Get(i);
    Napi::Value number = names.Get(name);
    if (!name.IsString() || !number.IsNumber()) continue;
    data->errno_names.emplace(number.As<Napi::Number>().Int32Value(), name.As<Napi::String>());
  }
  return env.Undefined();
}

// setExitLinger(ms): the most time process exit waits for queued messages per socket.
Napi::Value SetExitLinger(const Napi::CallbackInfo& info) {
  int ms = RequireInt(info, 0, "ms");
  if (ms < 0) throw Napi::RangeError::New(info.Env(), "exit linger must be 0 or more");
  AddonData::Of(info.Env())->exit_linger_ms = ms;
  return info.Env().Undefined();
}

Napi::Value GetExitLinger(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), AddonData::Of(info.Env())->exit_linger_ms);
}

// closeAll(isMainThread): the 'exit' handler's work (see AddonData::CloseAll).
Napi::Value CloseAll(const Napi::CallbackInfo& info) {
  AddonData::Of(info.Env())->CloseAll(info[0].ToBoolean());
  return info.Env().Undefined();
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData(data);
  uv_loop_t* loop = nullptr;
  data->on_main_thread = napi_get_uv_event_loop(env, &loop) == napi_ok && loop == uv_default_loop();
  // Cleanup hooks run in reverse order of registration, so this one runs before Node-API
  // finalizes this environment's objects: a Worker's sockets are closed (linger capped)
  // while everything they refer to still exists.
  napi_add_env_cleanup_hook(
      env, [](void* addon) { static_cast<AddonData*>(addon)->CloseAll(false); }, data);

  Napi::Function context = Context::Init(env);
  Napi::Function socket = Socket::Init(env);
  Napi::Function message = Message::Init(env);
  data->context_class = Napi::Persistent(context);
  data->message_class = Napi::Persistent(message);
  exports.Set("Context", context);
  exports.Set("Socket", socket);
  exports.Set("Message", message);
  ExportConstants(env, exports);
  exports.Set("setErrorClass", Napi::Function::New<SetErrorClass>(env, "setErrorClass"));
  exports.Set("setExitLinger", Napi::Function::New<SetExitLinger>(env, "setExitLinger"));
  exports.Set("getExitLinger", Napi::Function::New<GetExitLinger>(env, "getExitLinger"));
  exports.Set("closeAll", Napi::Function::New<CloseAll>(env, "closeAll"));
  exports.Set("defaultContext", Napi::Function::New<Context::Default>(env, "defaultContext"));
  exports.Set("attachContext", Napi::Function::New<Context::Attach>(env, "attachContext"));
  InitLibrary(env, exports);
  InitProxy(env, exports);
  InitFdPoll(env, exports);
  InitRecvArena(env, exports);
  return exports;
}

}  // namespace zmqnapi

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return zmqnapi::Init(env, exports);
}

NODE_API_MODULE(zmq_napi, InitModule)
