#include "proxy_run.h"

#include <zmq.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>

#include "proxy_relay.h"
#include "socket.h"

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

// Process exit must not wait for ever on a lent socket's queued messages either.
void CloseWithLingerCap(void* socket, int cap_ms) {
  int linger = -1;
  size_t size = sizeof(linger);
  zmq_getsockopt(socket, ZMQ_LINGER, &linger, &size);
  if (cap_ms >= 0 && (linger < 0 || linger > cap_ms)) {
    zmq_setsockopt(socket, ZMQ_LINGER, &cap_ms, sizeof(cap_ms));
  }
  zmq_close(socket);
}

}  // namespace

ProxyRun::ProxyRun(std::vector<Socket*> lent, void* const raw[4]) : lent_(std::move(lent)) {
  for (int i = 0; i < 4; i++) raw_[i] = raw[i];
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
  for (void* socket : raw_) {
    if (socket != nullptr) CloseWithLingerCap(socket, linger_cap_ms_);
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
