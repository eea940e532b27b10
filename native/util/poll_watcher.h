// RAII for the uv_poll_t that watches a socket's ZMQ_FD.
//
// libzmq's ZMQ_FD is edge-triggered and readable-only: it signals that the socket's
// command mailbox changed, not that a message is there. So the watcher only says "look
// again"; the owner must read ZMQ_EVENTS after every send/recv and serve what is ready
// before waiting on the fd again.
#pragma once

#include <uv.h>

#include <functional>

namespace zmqnapi {

class PollWatcher {
 public:
  PollWatcher(uv_loop_t* loop, int fd, std::function<void()> on_readable);
  ~PollWatcher();
  PollWatcher(const PollWatcher&) = delete;
  PollWatcher& operator=(const PollWatcher&) = delete;

  bool ok() const { return handle_ != nullptr; }
  // A started watcher keeps the event loop alive; a stopped one never does.
  void Start();
  void Stop();
  bool active() const { return active_; }

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  uv_poll_t* handle_ = nullptr;  // freed in uv_close's callback, which may run after us
  std::function<void()> on_readable_;
  bool active_ = false;
};

}  // namespace zmqnapi
