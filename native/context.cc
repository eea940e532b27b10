#include "context.h"

#include <zmq.h>

#include <cerrno>
#include <thread>

#include "addon.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/thread_task.h"

namespace zmqnapi {

ContextHandle::~ContextHandle() {
  if (!ClaimTerm()) return;
  void* ctx = ctx_;
  std::thread([ctx] {
    while (zmq_ctx_term(ctx) != 0 && zmq_errno() == EINTR) {
    }
  }).detach();
}

int ContextHandle::TermBlocking() {
  while (zmq_ctx_term(ctx_) != 0) {
    if (zmq_errno() != EINTR) return zmq_errno();
  }
  return 0;
}

Napi::Function Context::Init(Napi::Env env) {
  return DefineClass(env, "Context",
                     {
                         InstanceMethod<&Context::Set>("set"),
                         InstanceMethod<&Context::Get>("get"),
                         InstanceMethod<&Context::Shutdown>("shutdown"),
                         InstanceMethod<&Context::Term>("term"),
                         InstanceAccessor<&Context::Terminated>("terminated"),
                     });
}

Context::Context(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Context>(info) {
  Napi::Env env = info.Env();
  int io_threads = OptionalInt(info, 0, "ioThreads", 1);
  if (io_threads < 0) throw Napi::RangeError::New(env, "ioThreads must be 0 or more");
  void* ctx = zmq_ctx_new();
  if (ctx == nullptr) ThrowLastZmqError(env);
  if (zmq_ctx_set(ctx, ZMQ_IO_THREADS, io_threads) != 0) {
    int err = zmq_errno();
    zmq_ctx_term(ctx);
    throw MakeZmqError(env, err);
  }
  handle_ = std::make_shared<ContextHandle>(ctx);
  AddonData::Of(env)->contexts.insert(this);
}

Context::~Context() {
  AddonData* data = AddonData::Of(Env());
  if (data != nullptr) data->contexts.erase(this);
}

Context* Context::Unwrap(Napi::Value value) {
  AddonData* data = AddonData::Of(value.Env());
  if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(data->context_class.Value())) {
    return nullptr;
  }
  return Napi::ObjectWrap<Context>::Unwrap(value.As<Napi::Object>());
}

void Context::TermForExit() {
  if (handle_->ClaimTerm()) handle_->TermBlocking();
}

void* Context::Checked(Napi::Env env) const {
  if (handle_->terminated()) throw MakeZmqError(env, ETERM, "Context was terminated", "");
  return handle_->get();
}

Napi::Value Context::Set(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int value = RequireInt(info, 1, "value");
  if (zmq_ctx_set(Checked(env), option, value) != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

Napi::Value Context::Get(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int value = zmq_ctx_get(Checked(env), option);
  if (value < 0) ThrowLastZmqError(env);
  return Napi::Number::New(env, value);
}

Napi::Value Context::Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  // After term has begun the context is already shut down: nothing left to do.
  if (!handle_->terminated() && zmq_ctx_shutdown(handle_->get()) != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

Napi::Value Context::Term(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!handle_->ClaimTerm()) {
    auto deferred = Napi::Promise::Deferred::New(env);
    deferred.Resolve(env.Undefined());
    return deferred.Promise();
  }
  std::shared_ptr<ContextHandle> handle = handle_;
  return RunOnOwnThread(env, "zmq_ctx_term", [handle] { return handle->TermBlocking(); });
}

Napi::Value Context::Terminated(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), handle_->terminated());
}

}  // namespace zmqnapi
