#include "context.h"

#include <zmq.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "addon.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/thread_task.h"
#include "util/type_tag.h"

namespace zmqnapi {

ContextHandle::~ContextHandle() {
  if (!ClaimTerm()) return;
  inproc_pending_.SettleAll();
  void* ctx = ctx_;
  std::thread([ctx] {
    while (zmq_ctx_term(ctx) != 0 && zmq_errno() == EINTR) {
    }
  }).detach();
}

int ContextHandle::TermBlocking() {
  // Off the JavaScript thread: it can wait for libzmq to give a socket slot back.
  inproc_pending_.SettleAll(std::chrono::milliseconds(1000));
  inproc_pending_.Seal();
  while (zmq_ctx_term(ctx_) != 0) {
    if (zmq_errno() != EINTR) return zmq_errno();
  }
  return 0;
}

namespace {

// Process-wide state, shared by every thread's copy of the addon: the default context and
// the contexts offered to other threads by share(). Weak references: a context lives as
// long as some thread holds a Context or socket on it, and no longer.
std::mutex shared_mutex;
std::weak_ptr<ContextHandle> default_context;
std::map<uint64_t, std::weak_ptr<ContextHandle>> shared_contexts;
uint64_t next_share_id = 1;

std::shared_ptr<ContextHandle> NewHandle(Napi::Env env, int io_threads) {
  void* ctx = zmq_ctx_new();
  if (ctx == nullptr) ThrowLastZmqError(env);
  if (zmq_ctx_set(ctx, ZMQ_IO_THREADS, io_threads) != 0) {
    int err = zmq_errno();
    zmq_ctx_term(ctx);
    throw MakeZmqError(env, err);
  }
  return std::make_shared<ContextHandle>(ctx);
}

}  // namespace

Napi::Function Context::Init(Napi::Env env) {
  return DefineTaggedClass<Context>(env, kClassName,
                                    {
                                        TaggedMethod<Context, &Context::Set>(env, "set"),
                                        TaggedMethod<Context, &Context::Get>(env, "get"),
                                        TaggedMethod<Context, &Context::Shutdown>(env, "shutdown"),
                                        TaggedMethod<Context, &Context::Term>(env, "term"),
                                        TaggedMethod<Context, &Context::Share>(env, "share"),
                                        TaggedGetter<Context, &Context::Terminated>("terminated"),
                                        TaggedGetter<Context, &Context::Ended>("ended"),
                                    });
}

// new Context(ioThreads), or (from Wrap) new Context(External<handle>)
Context::Context(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Context>(info) {
  Napi::Env env = info.Env();
  TagObject(info.This().As<Napi::Object>(), kTypeTag);
  if (info[0].IsExternal()) {
    handle_ = *info[0].As<Napi::External<std::shared_ptr<ContextHandle>>>().Data();
  } else {
    int io_threads = OptionalInt(info, 0, "ioThreads", 1);
    if (io_threads < 0) throw Napi::RangeError::New(env, "ioThreads must be 0 or more");
    handle_ = NewHandle(env, io_threads);
  }
  AddonData::Of(env)->contexts.insert(this);
}

Napi::Value Context::Wrap(Napi::Env env, std::shared_ptr<ContextHandle> handle) {
  auto external = Napi::External<std::shared_ptr<ContextHandle>>::New(env, &handle);
  return AddonData::Of(env)->context_class.New({external});
}

Napi::Value Context::Default(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::shared_ptr<ContextHandle> handle;
  {
    std::lock_guard<std::mutex> lock(shared_mutex);
    handle = default_context.lock();
    // One shut down makes no sockets any more: the next is a fresh one, as after a term.
    if (handle == nullptr || handle->ended()) {
      handle = NewHandle(env, 1);
      default_context = handle;
    }
  }
  return Wrap(env, handle);
}

Napi::Value Context::Share(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Checked(env);
  std::lock_guard<std::mutex> lock(shared_mutex);
  // Forget offers whose context is gone, so the table stays as small as what is alive.
  for (auto it = shared_contexts.begin(); it != shared_contexts.end();) {
    it = it->second.expired() ? shared_contexts.erase(it) : std::next(it);
  }
  uint64_t id = next_share_id++;
  shared_contexts[id] = handle_;
  return Napi::BigInt::New(env, id);
}

Napi::Value Context::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsBigInt()) throw Napi::TypeError::New(env, "expected the value of ctx.share()");
  bool lossless = true;
  uint64_t id = info[0].As<Napi::BigInt>().Uint64Value(&lossless);
  std::shared_ptr<ContextHandle> handle;
  {
    std::lock_guard<std::mutex> lock(shared_mutex);
    auto it = shared_contexts.find(id);
    if (it != shared_contexts.end()) handle = it->second.lock();
  }
  if (!lossless || handle == nullptr || handle->terminated()) {
    throw MakeZmqError(env, ETERM,
                       "the shared context no longer exists: keep the sharing Context alive "
                       "and unterminated until every thread has attached",
                       "");
  }
  return Wrap(env, handle);
}

Context::~Context() {
  AddonData* data = AddonData::Of(Env());
  if (data != nullptr) data->contexts.erase(this);
}

Context* Context::FromValue(Napi::Value value) {
  return UnwrapTagged<Context>(value);
}

void* Context::Checked(Napi::Env env) const {
  if (handle_->terminated()) throw MakeZmqError(env, ETERM, "Context was terminated", "");
  return handle_->get();
}

Napi::Value Context::Set(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int value = RequireInt(info, 1, "value");
  if (handle_->scheduling().Set(Checked(env), option, value) != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

Napi::Value Context::Get(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  // -1 is both the error return and a real value (THREAD_SCHED_POLICY's default): only
  // an errno set by this call tells them apart.
  errno = 0;
  int value = zmq_ctx_get(Checked(env), option);
  if (value < 0 && errno != 0) ThrowLastZmqError(env);
  return Napi::Number::New(env, value);
}

Napi::Value Context::Shutdown(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  // After term has begun the context is already shut down: nothing left to do.
  if (handle_->terminated()) return env.Undefined();
  // Inproc connects still waiting for a bind are settled first: once shut down, the context
  // can make no socket to settle them with (inproc_pending.h).
  if (handle_->inproc_pending().Shutdown() != 0) ThrowLastZmqError(env);
  handle_->MarkShutDown();
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

Napi::Value Context::Ended(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), handle_->ended());
}

Napi::Value Context::Terminated(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), handle_->terminated());
}

}  // namespace zmqnapi
