// Socket (socket.h): the watch on ZMQ_FD that calls lib/socket.ts back, and the hot calls.
#include <zmq.h>

#include "socket.h"
#include "util/call_from_loop.h"
#include "util/errors.h"
#include "util/retry_on_eintr.h"
#include "wire_contract.h"  // generated: scripts/wire-contract.mjs

namespace zmqnapi {

namespace {

// The words of watchState (see socket.h).
constexpr int kWatchWanted = wire::WATCH_WANTED;
constexpr int kWatchOn = wire::WATCH_ON;

}  // namespace

// The calls made once per message (or per wait) are not prototype methods but functions of
// this socket's own, which carry a pointer to it: no napi_unwrap per call (its cost is in
// docs/PERFORMANCE.md). Each function keeps the JS socket alive, so it can never outlive the object
// it points to. They are configurable so that lib/new-socket.ts can put an XSUB's checked sends in
// place of trySend and trySendMany (only lib/ ever holds this object).
template <Napi::Value (Socket::*method)(const Napi::CallbackInfo&)>
static Napi::Value CallOnData(const Napi::CallbackInfo& info) {
  return (static_cast<Socket*>(info.Data())->*method)(info);
}

void Socket::DefineHotCalls(Napi::Env env, Napi::Object self) {
  auto define = [&](const char* name, Napi::Function function) {
    function.DefineProperty(Napi::PropertyDescriptor::Value("socket", self, napi_default));
    self.DefineProperty(Napi::PropertyDescriptor::Value(name, function, napi_configurable));
  };
  define("trySend", Napi::Function::New<CallOnData<&Socket::TrySend>>(env, "trySend", this));
  define("trySendMany",
         Napi::Function::New<CallOnData<&Socket::TrySendMany>>(env, "trySendMany", this));
  define("tryRecvInto",
         Napi::Function::New<CallOnData<&Socket::TryRecvInto>>(env, "tryRecvInto", this));
  // The low-latency mode's blocking calls (socket_sync.cc), once per message.
  define("recvSync", Napi::Function::New<CallOnData<&Socket::RecvSync>>(env, "recvSync", this));
  define("sendSync", Napi::Function::New<CallOnData<&Socket::SendSync>>(env, "sendSync", this));
  // Once or twice per wait on the socket, as often as a message in request-reply.
  define("events", Napi::Function::New<CallOnData<&Socket::Events>>(env, "events", this));
  define("watch", Napi::Function::New<CallOnData<&Socket::Watch>>(env, "watch", this));
}

// A thread-safe socket's stand-in for ZMQ_FD is registered with it before any call of ours
// can process its commands: libzmq signals a command only to the signalers registered when
// it comes, and a command that came earlier, to a mailbox drained before, would then never
// be told of (a first receive that waits for ever). So at construction, and again when a
// device gives the socket back, not at the first watch.
bool Socket::RegisterThreadSafeSignal() {
  int thread_safe = 0;
  size_t size = sizeof(thread_safe);
  if (zmq_getsockopt(socket_, ZMQ_THREAD_SAFE, &thread_safe, &size) != 0 || thread_safe == 0) {
    return true;
  }
  signal_ = ThreadSafeSignal::For(socket_);
  return signal_ != nullptr;
}

// events(): ZMQ_EVENTS. Reading it also lets libzmq process pending commands, which is
// what rearms the edge-triggered ZMQ_FD.
Napi::Value Socket::Events(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  int events = 0;
  size_t size = sizeof(events);
  if (RetryOnEintr([&] { return zmq_getsockopt(socket, ZMQ_EVENTS, &events, &size); }) != 0) {
    ThrowLastZmqError(env);
  }
  return Napi::Number::New(env, events);
}

// watch(keepAlive = true): from now on onReadable is called whenever ZMQ_FD signals. There
// is no call to stop: the addon stops the watch itself, right before the event loop waits,
// once watchState[kWatchWanted] is 0 (and at close and when lent to a proxy).
Napi::Value Socket::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  if (watcher_ == nullptr) {
    int fd = -1;
    size_t size = sizeof(fd);
    // A thread-safe socket has no ZMQ_FD: its poller's fd stands in (thread_safe_signal.h).
    if (signal_ != nullptr) {
      fd = signal_->fd();
    } else if (zmq_getsockopt(socket, ZMQ_FD, &fd, &size) != 0) {
      ThrowLastZmqError(env);
    }
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    watcher_ = std::make_unique<UvPollHandle>(loop, fd, [this](int) { OnReadable(); });
    if (!watcher_->ok()) {
      watcher_.reset();
      throw MakeZmqError(env, EINVAL, "cannot watch the socket's file descriptor", "");
    }
    before_wait_ = std::make_unique<BeforeWait>(loop, [this] {
      if (watch_state_[kWatchWanted] == 0) StopWatching();
    });
  }
  watcher_->Start(UV_READABLE, info.Length() < 1 || info[0].ToBoolean());
  Pin();
  before_wait_->Start();
  return env.Undefined();
}

void Socket::StopWatching() {
  // The watcher keeps polling, unref'd, so the next watch costs no epoll_ctl (a syscall
  // each way, per wait, is much of a round trip); OnReadable drains what comes meanwhile.
  if (watcher_ != nullptr) watcher_->Unref();
  Unpin();
  if (before_wait_ != nullptr) before_wait_->Stop();
}

void Socket::Pin() {
  if (watch_state_[kWatchOn] != 0) return;
  watch_state_[kWatchOn] = 1;
  Ref();
  on_readable_.Ref();
}

void Socket::Unpin() {
  if (watch_state_[kWatchOn] == 0) return;
  watch_state_[kWatchOn] = 0;
  Unref();
  on_readable_.Unref();
}

void Socket::OnReadable() {
  // The signal is taken back before anything reads ZMQ_EVENTS (thread_safe_signal.h).
  if (signal_ != nullptr && socket_ != nullptr && !lent_) signal_->Drain();
  if (watch_state_[kWatchOn] == 0 || socket_ == nullptr || lent_) {
    // Idle: nothing waits, but ZMQ_FD stays readable (and libuv's poll level-triggered)
    // until the commands it announces are processed, which reading ZMQ_EVENTS does.
    if (socket_ != nullptr && !lent_) {
      int events = 0;
      size_t size = sizeof(events);
      zmq_getsockopt(socket_, ZMQ_EVENTS, &events, &size);
    }
    return;
  }
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (on_readable_.IsEmpty() || on_readable_.Value().IsEmpty()) return;
  CallFromLoop(env, async_context_, Value(), on_readable_.Value(), 0, nullptr);
}

}  // namespace zmqnapi
