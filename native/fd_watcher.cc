#include "fd_watcher.h"

#include <poll.h>
#include <zmq.h>

#include <cerrno>

#include "util/args.h"
#include "util/call_from_loop.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

int ToUvEvents(int zmq_events) {
  return ((zmq_events & ZMQ_POLLIN) ? UV_READABLE : 0) |
         ((zmq_events & ZMQ_POLLOUT) ? UV_WRITABLE : 0);
}

int FromUvEvents(int uv_events) {
  return ((uv_events & UV_READABLE) ? ZMQ_POLLIN : 0) |
         ((uv_events & UV_WRITABLE) ? ZMQ_POLLOUT : 0);
}

int RequireFd(const Napi::CallbackInfo& info) {
  int fd = RequireInt(info, 0, "fd");
  if (fd < 0) throw Napi::RangeError::New(info.Env(), "fd must be 0 or more");
  return fd;
}

// fdEvents(fd, events): which of ZMQ_POLLIN/POLLOUT/POLLERR hold now, without waiting.
Napi::Value FdEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = RequireFd(info);
  int events = RequireInt(info, 1, "events");
  struct pollfd item = {fd, 0, 0};
  if (events & ZMQ_POLLIN) item.events |= POLLIN;
  if (events & ZMQ_POLLOUT) item.events |= POLLOUT;
  int rc;
  do {
    rc = ::poll(&item, 1, 0);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) throw MakeZmqError(env, errno);
  if (item.revents & POLLNVAL) throw MakeZmqError(env, EBADF, "fd is not open", "");
  int revents = 0;
  if (item.revents & (POLLIN | POLLHUP)) revents |= ZMQ_POLLIN & events;
  if (item.revents & POLLOUT) revents |= ZMQ_POLLOUT;
  if (item.revents & POLLERR) revents |= ZMQ_POLLERR;
  return Napi::Number::New(env, revents);
}

}  // namespace

Napi::Function FdWatcher::Init(Napi::Env env) {
  return DefineTaggedClass<FdWatcher>(env, kClassName,
                                      {TaggedMethod<FdWatcher, &FdWatcher::Close>(env, "close")});
}

FdWatcher::FdWatcher(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<FdWatcher>(info), async_context_(info.Env(), "zmq:poll") {
  Napi::Env env = info.Env();
  TagObject(info.This().As<Napi::Object>(), kTypeTag);
  int fd = RequireFd(info);
  int events = RequireInt(info, 1, "events");
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "onReady must be a function");
  on_ready_ = Napi::Persistent(info[2].As<Napi::Function>());
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  watcher_ = std::make_unique<PollWatcher>(loop, fd, [this](int uv) { OnReady(uv); });
  if (!watcher_->ok()) throw MakeZmqError(env, EINVAL, "this fd cannot be polled", "");
  watcher_->Start(ToUvEvents(events));
}

Napi::Value FdWatcher::Close(const Napi::CallbackInfo& info) {
  watcher_.reset();
  on_ready_.Reset();
  return info.Env().Undefined();
}

void FdWatcher::OnReady(int uv_events) {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (on_ready_.IsEmpty()) return;
  napi_value revents = Napi::Number::New(env, FromUvEvents(uv_events));
  CallFromLoop(env, async_context_, Value(), on_ready_.Value(), 1, &revents);
}

void InitFdPoll(Napi::Env env, Napi::Object exports) {
  exports.Set("FdWatcher", FdWatcher::Init(env));
  exports.Set("fdEvents", Napi::Function::New<FdEvents>(env, "fdEvents"));
}

}  // namespace zmqnapi
