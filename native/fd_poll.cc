#include "fd_poll.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
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

// Which of ZMQ_POLLIN/POLLOUT/POLLERR hold for `fd` now, without waiting.
int ReadyEvents(Napi::Env env, int fd, int events) {
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
  return revents;
}

// fdEvents(fd, events): ReadyEvents of a caller's fd.
Napi::Value FdEvents(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = RequireFd(info);
  return Napi::Number::New(env, ReadyEvents(env, fd, RequireInt(info, 1, "events")));
}

}  // namespace

Napi::Function FdWatcher::Init(Napi::Env env) {
  return DefineTaggedClass<FdWatcher>(
      env, kClassName,
      {
          TaggedMethod<FdWatcher, &FdWatcher::Events>(env, "events"),
          TaggedMethod<FdWatcher, &FdWatcher::Close>(env, "close"),
      });
}

FdWatcher::FdWatcher(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<FdWatcher>(info), async_context_(info.Env(), "zmq:poll") {
  Napi::Env env = info.Env();
  TagObject(info.This().As<Napi::Object>(), kTypeTag);
  int fd = RequireFd(info);
  events_ = RequireInt(info, 1, "events");
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "onReady must be a function");
  // The watch is on a duplicate of the caller's fd, which only this object closes: libuv
  // aborts when a watched fd is closed under it and its number given to another handle (the
  // caller may close theirs at any time, even in the turn that started the poll).
  fd_ = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (fd_ < 0) throw MakeZmqError(env, errno);
  on_ready_ = Napi::Persistent(info[2].As<Napi::Function>());
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  watcher_ = std::make_unique<UvPollHandle>(loop, fd_, [this](int uv) { OnReady(uv); });
  if (!watcher_->ok()) {
    CloseNow();
    throw MakeZmqError(env, EINVAL, "this fd cannot be polled", "");
  }
  watcher_->Start(ToUvEvents(events_));
}

FdWatcher::~FdWatcher() {
  CloseNow();
}

void FdWatcher::CloseNow() {
  watcher_.reset();  // stops the poll (epoll_ctl DEL) before the fd goes
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  on_ready_.Reset();
}

Napi::Value FdWatcher::Close(const Napi::CallbackInfo& info) {
  CloseNow();
  return info.Env().Undefined();
}

// events(): ReadyEvents of the watched duplicate (the caller's fd may be closed already).
Napi::Value FdWatcher::Events(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw MakeZmqError(env, EBADF, "the watcher is closed", "");
  return Napi::Number::New(env, ReadyEvents(env, fd_, events_));
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
