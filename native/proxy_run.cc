#include "proxy_run.h"

#include <zmq.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>

#include "proxy_relay.h"
#include "socket.h"
#include "util/linger.h"

namespace zmqnapi {

namespace {

// A PAIR bound to a name of its own and a PAIR connected to it, in `ctx`, without high-water
// marks: a command must never wait, nor be dropped. 0 or an errno; on failure, none is left.
int MakePair(void* ctx, void** bound, void** connected) {
  static std::atomic<unsigned long long> next{0};
  std::string endpoint = "inproc://zmq-napi-proxy-control-" + std::to_string(next++);
  void* ends[2] = {zmq_socket(ctx, ZMQ_PAIR), zmq_socket(ctx, ZMQ_PAIR)};
  int err = 0;
  int unlimited = 0;
  for (void* end : ends) {
    if (end == nullptr) {
      err = zmq_errno();
    } else if (zmq_setsockopt(end, ZMQ_SNDHWM, &unlimited, sizeof(unlimited)) != 0 ||
               zmq_setsockopt(end, ZMQ_RCVHWM, &unlimited, sizeof(unlimited)) != 0) {
      err = zmq_errno();
    }
  }
  if (err == 0 &&
      (zmq_bind(ends[0], endpoint.c_str()) != 0 || zmq_connect(ends[1], endpoint.c_str()) != 0)) {
    err = zmq_errno();
  }
  if (err != 0) {
    for (void* end : ends) {
      if (end != nullptr) zmq_close(end);
    }
    return err;
  }
  *bound = ends[0];
  *connected = ends[1];
  return 0;
}

void Close(void*& socket) {
  if (socket != nullptr) zmq_close(socket);
  socket = nullptr;
}

// A lent socket closed by the binding (the proxy ended with its environment): its linger
// capped, as any socket's at exit, and closed through its context's inproc bookkeeping
// (native/inproc_pending.h) while the context lasts, as Socket::CloseNow does.
void CloseLent(void* socket, const std::weak_ptr<ContextHandle>& context, int cap_ms) {
  CapLinger(socket, cap_ms);
  if (std::shared_ptr<ContextHandle> handle = context.lock()) {
    handle->inproc_pending().Close(socket);
  } else {
    zmq_close(socket);
  }
}

}  // namespace

ProxyRun::ProxyRun(std::vector<Socket*> lent, void* const raw[4]) : lent_(std::move(lent)) {
  // `lent` holds the sockets of raw's non-null entries, in order. Their contexts are held
  // weakly, so that a running proxy never keeps a Worker's context from its teardown.
  for (int i = 0, next = 0; i < 4; i++) {
    raw_[i] = raw[i];
    if (raw[i] != nullptr) contexts_[i] = lent_[next++]->WeakContext();
  }
}

ProxyRun::~ProxyRun() {
  CloseInternal();
  Close(steer_);
}

int ProxyRun::MakeControl(void* ctx) {
  if (raw_[3] == nullptr) return MakePair(ctx, &control_, &steer_);
  int err = MakePair(ctx, &control_, &relay_side_);
  return err != 0 ? err : MakePair(ctx, &relay_stop_, &steer_);
}

int ProxyRun::Run() {
  int relay_result = 0;
  std::thread relay;
  if (raw_[3] != nullptr) {
    relay = std::thread([&] { relay_result = RelayCommands(raw_[3], relay_side_, relay_stop_); });
  }
  int err = zmq_proxy_steerable(raw_[0], raw_[1], raw_[2], control_) == 0 ? 0 : zmq_errno();
  if (relay.joinable()) {
    ReportProxyEnd(control_);
    relay.join();  // the user's control socket is the relay's until then
  }
  CloseInternal();
  std::lock_guard<std::mutex> lock(mutex_);
  // What ended it: libzmq's own error (ETERM: a terminated context), the relay's, or a
  // TERMINATE, from the user or, on a caught signal, from the binding.
  outcome_ = err != 0 ? err : relay_result != 0 ? relay_result : interrupted_ ? EINTR : 0;
  returned_ = true;
  if (with_env_) CloseLentLocked();
  // A terminated context is how a proxy ends normally: the promise resolves.
  return outcome_ == ETERM ? 0 : outcome_;
}

void ProxyRun::Interrupt() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (told_) return;
  interrupted_ = true;
  TellLocked();
}

void ProxyRun::EndWithEnvironment(int linger_cap_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  with_env_ = true;
  linger_cap_ms_ = linger_cap_ms;
  // Already returned: its hand-over to the JS thread will not run any more.
  if (returned_) CloseLentLocked();
  TellLocked();
  CloseSteerLocked();
}

void ProxyRun::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  CloseSteerLocked();
  // Closed at exit already: the Socket objects stay lent, and are never used again.
  if (lent_closed_) return;
  bool close = outcome_ == ETERM || outcome_ == EINTR;
  for (Socket* socket : lent_) {
    socket->GiveBack();
    if (close) socket->CloseNow();
  }
}

void ProxyRun::Abandon() {
  std::lock_guard<std::mutex> lock(mutex_);
  CloseLentLocked();
  CloseSteerLocked();  // the JS thread that owned it is gone
}

void ProxyRun::TellLocked() {
  if (told_ || returned_ || steer_ == nullptr) return;
  zmq_send(steer_, "TERMINATE", 9, ZMQ_DONTWAIT);
  told_ = true;
}

void ProxyRun::CloseLentLocked() {
  if (lent_closed_) return;
  for (int i = 0; i < 4; i++) {
    if (raw_[i] != nullptr) CloseLent(raw_[i], contexts_[i], linger_cap_ms_);
  }
  lent_closed_ = true;
}

void ProxyRun::CloseInternal() {
  Close(control_);
  Close(relay_side_);
  Close(relay_stop_);
}

void ProxyRun::CloseSteerLocked() {
  Close(steer_);
}

}  // namespace zmqnapi
