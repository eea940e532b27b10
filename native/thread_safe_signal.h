// The fd a thread-safe socket (SERVER, CLIENT, RADIO, DISH, SCATTER, GATHER, PEER, CHANNEL)
// is watched on, in place of ZMQ_FD, which libzmq 4.3 refuses such a socket (EINVAL).
//
// A thread-safe socket's mailbox wakes its waiters through a condition variable and through
// every signaler registered with it; a zmq_poller that holds the socket registers one, and
// zmq_poller_fd is that signaler's fd. libzmq signals it as it signals ZMQ_FD: when a command
// reaches the socket's mailbox while the reader has drained it. So the watch protocol holds
// as it is, "readable: look again, ZMQ_EVENTS is the truth", with one difference: nothing
// but a wait on the poller takes the signal back. Drain() must therefore come before
// ZMQ_EVENTS is read (the wait does both, in that order): drained after, a command that came
// in between would leave no signal and its socket would wait for ever.
#pragma once

#include <memory>

namespace zmqnapi {

class ThreadSafeSignal {
 public:
  // For a socket with no ZMQ_FD. nullptr, with errno set, when it cannot be had (a build
  // without the draft API, which has no zmq_poller: ENOTSUP).
  static std::unique_ptr<ThreadSafeSignal> For(void* socket);
  // Unregisters from the socket: must run before the socket is closed.
  ~ThreadSafeSignal();
  ThreadSafeSignal(const ThreadSafeSignal&) = delete;
  ThreadSafeSignal& operator=(const ThreadSafeSignal&) = delete;

  int fd() const { return fd_; }
  // Takes one signal back (if any) and lets libzmq process the socket's commands. The
  // signaler counts signals; one left over keeps the fd readable and brings one more call.
  void Drain();

 private:
  ThreadSafeSignal(void* poller, int fd) : poller_(poller), fd_(fd) {}
  void* poller_;
  int fd_;
};

}  // namespace zmqnapi
