// Plain file descriptors for zmq.poll: an immediate readiness check, and a watcher that
// calls back when the descriptor becomes ready (the same uv_poll machinery sockets use).
#pragma once

#include <napi.h>

#include <memory>

#include "util/type_tag.h"
#include "util/uv_poll_handle.h"

namespace zmqnapi {

class FdWatcher : public Napi::ObjectWrap<FdWatcher> {
 public:
  static constexpr const char* kClassName = "FdWatcher";
  static constexpr const napi_type_tag& kTypeTag = kFdWatcherTag;
  static Napi::Function Init(Napi::Env env);
  // new FdWatcher(fd, events, onReady(revents)): events and revents are ZMQ_POLLIN/POLLOUT bits.
  explicit FdWatcher(const Napi::CallbackInfo& info);
  ~FdWatcher();

 private:
  Napi::Value Events(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void CloseNow();
  void OnReady(int uv_events);

  int fd_ = -1;  // a duplicate of the caller's fd, owned
  int events_ = 0;
  std::unique_ptr<UvPollHandle> watcher_;
  Napi::FunctionReference on_ready_;
  Napi::AsyncContext async_context_;
};

void InitFdPoll(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
