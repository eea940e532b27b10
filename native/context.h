// zmq_ctx_*: the JavaScript Context class.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>

#include "inproc_pending.h"
#include "thread_scheduling.h"
#include "util/type_tag.h"

namespace zmqnapi {

// A libzmq context, shared by the Context wrapper(s) and every socket made in it, so the
// context outlives all its sockets whatever order the garbage collector finds them in.
class ContextHandle {
 public:
  explicit ContextHandle(void* ctx) : ctx_(ctx), inproc_pending_(ctx) {}
  // Terminates a context nobody terminated, on a thread of its own: zmq_ctx_term waits
  // for linger and must not block the thread that dropped the last reference.
  ~ContextHandle();

  void* get() const { return ctx_; }
  // Every bind, unbind, connect and disconnect of the context's sockets goes through it.
  InprocPending& inproc_pending() { return inproc_pending_; }
  // Its scheduling options, tried before its first socket (thread_scheduling.h).
  ThreadScheduling& scheduling() { return scheduling_; }
  bool terminated() const { return term_started_; }
  // zmq_ctx_shutdown was called, or term began: no socket can be made on it any more.
  bool ended() const { return term_started_ || shut_down_; }
  void MarkShutDown() { shut_down_ = true; }
  // Claims the right to call zmq_ctx_term; true for exactly one caller.
  bool ClaimTerm() { return !term_started_.exchange(true); }
  // zmq_ctx_term, retried on EINTR; returns 0 or an errno.
  int TermBlocking();

 private:
  void* ctx_;
  InprocPending inproc_pending_;
  ThreadScheduling scheduling_;
  std::atomic<bool> term_started_{false};
  std::atomic<bool> shut_down_{false};
};

class Context : public Napi::ObjectWrap<Context> {
 public:
  static constexpr const char* kClassName = "Context";
  static constexpr const napi_type_tag& kTypeTag = kContextTag;
  static Napi::Function Init(Napi::Env env);
  explicit Context(const Napi::CallbackInfo& info);
  ~Context();

  static Context* FromValue(Napi::Value value);  // nullptr when value is no Context (see Socket)
  const std::shared_ptr<ContextHandle>& handle() const { return handle_; }

  // defaultContext(): a Context on the process-wide libzmq context, which every thread
  // shares so that inproc:// endpoints connect across Workers.
  static Napi::Value Default(const Napi::CallbackInfo& info);
  // attach(id): a Context on the libzmq context another thread's `share()` returned.
  static Napi::Value Attach(const Napi::CallbackInfo& info);

 private:
  static Napi::Value Wrap(Napi::Env env, std::shared_ptr<ContextHandle> handle);
  Napi::Value Share(const Napi::CallbackInfo& info);
  Napi::Value Set(const Napi::CallbackInfo& info);
  Napi::Value Get(const Napi::CallbackInfo& info);
  Napi::Value Shutdown(const Napi::CallbackInfo& info);
  Napi::Value Term(const Napi::CallbackInfo& info);
  Napi::Value Terminated(const Napi::CallbackInfo& info);
  Napi::Value Ended(const Napi::CallbackInfo& info);

  void* Checked(Napi::Env env) const;

  std::shared_ptr<ContextHandle> handle_;
};

}  // namespace zmqnapi
