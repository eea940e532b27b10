// ThreadSafeSignal (thread_safe_signal.h): a zmq_poller of one socket, for its fd.
#include "thread_safe_signal.h"

#include <zmq.h>

#include <cerrno>

namespace zmqnapi {

#ifdef ZMQ_BUILD_DRAFT_API

std::unique_ptr<ThreadSafeSignal> ThreadSafeSignal::For(void* socket) {
  void* poller = zmq_poller_new();
  if (poller == nullptr) return nullptr;
  zmq_fd_t fd = -1;
  // POLLIN only to put the socket in the poller's set (a wait looks at no item with no
  // events); which events hold is read by the caller, from ZMQ_EVENTS.
  if (zmq_poller_add(poller, socket, nullptr, ZMQ_POLLIN) != 0 || zmq_poller_fd(poller, &fd) != 0) {
    int err = zmq_errno();
    zmq_poller_destroy(&poller);
    errno = err;
    return nullptr;
  }
  return std::unique_ptr<ThreadSafeSignal>(new ThreadSafeSignal(poller, fd));
}

ThreadSafeSignal::~ThreadSafeSignal() {
  zmq_poller_destroy(&poller_);
}

void ThreadSafeSignal::Drain() {
  // A wait that returns at once: poll(0) of the signaler fd, one signal taken back if it was
  // readable, then ZMQ_EVENTS. EAGAIN (nothing ready) and EINTR (the fd stays readable, so
  // libuv calls again) need nothing done.
  zmq_poller_event_t event;
  zmq_poller_wait(poller_, &event, 0);
}

#else  // no draft API: no zmq_poller, and no thread-safe socket can be made either

std::unique_ptr<ThreadSafeSignal> ThreadSafeSignal::For(void*) {
  errno = ENOTSUP;
  return nullptr;
}

ThreadSafeSignal::~ThreadSafeSignal() = default;

void ThreadSafeSignal::Drain() {}

#endif

}  // namespace zmqnapi
