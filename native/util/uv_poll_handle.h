// RAII for a uv_poll_t: the watcher on a socket's ZMQ_FD, or on a plain fd given to poll.
//
// libzmq's ZMQ_FD is edge-triggered and readable-only: it signals that the socket's
// command mailbox changed, not that a message is there. So for a socket the watcher only
// says "look again"; the owner must read ZMQ_EVENTS after every send/recv and serve what is
// ready before waiting on the fd again.
#pragma once

#include <uv.h>

#include <functional>

namespace zmqnapi {

class UvPollHandle {
 public:
  // on_ready receives the UV_READABLE/UV_WRITABLE bits that fired (or 0 on a poll error).
  UvPollHandle(uv_loop_t* loop, int fd, std::function<void(int)> on_ready);
  ~UvPollHandle();
  UvPollHandle(const UvPollHandle&) = delete;
  UvPollHandle& operator=(const UvPollHandle&) = delete;

  bool ok() const { return handle_ != nullptr; }
  // A started watcher keeps the event loop alive unless told not to (a socket monitor must
  // not hold the process up); a stopped one never does.
  void Start(int uv_events, bool keep_alive = true);
  void Stop();
  // Keeps watching, without keeping the event loop alive.
  void Unref();
  bool active() const { return active_; }

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  uv_poll_t* handle_ = nullptr;  // freed in uv_close's callback, which may run after us
  std::function<void(int)> on_ready_;
  bool active_ = false;
  int events_ = 0;
};

}  // namespace zmqnapi
