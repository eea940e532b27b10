// A context's scheduling options (ZMQ_THREAD_SCHED_POLICY, ZMQ_THREAD_PRIORITY,
// ZMQ_THREAD_AFFINITY_CPU_ADD/REMOVE), as set through any Context object of it, tried out
// before its threads start. libzmq applies them only when it starts its I/O and reaper
// threads (the context's first socket), in each new thread, and asserts that every call
// worked (thread.cpp applySchedulingParameters): a policy that wants a priority it was not
// given, a priority or CPU the process may not have (no CAP_SYS_NICE, a cpuset), and the
// process aborts. The same calls are tried on a thread of their own first, and a failure
// is a ZmqError of the context's first socket instead.
#pragma once

#include <functional>
#include <mutex>
#include <set>
#include <string>

namespace zmqnapi {

class ThreadScheduling {
 public:
  // zmq_ctx_set(ctx, option, value), kept where it is a scheduling option. Under the lock
  // that MakeSocket holds, so no option can change between its try and libzmq's threads.
  int Set(void* ctx, int option, int value);
  // `make()` (zmq_socket through the context's gate): before the context's first socket, the
  // options are tried as libzmq will apply them, and where a thread cannot take them,
  // nothing is made: nullptr with `*errnum` and `why`, the errno libzmq would have aborted
  // on. Once a socket was made libzmq's threads run, and later options do not reach them.
  void* MakeSocket(const std::function<void*()>& make, int* errnum, std::string* why);

 private:
  std::mutex mutex_;
  int policy_ = -1;    // ZMQ_THREAD_SCHED_POLICY_DFLT
  int priority_ = -1;  // ZMQ_THREAD_PRIORITY_DFLT
  std::set<int> cpus_;
  bool started_ = false;
};

}  // namespace zmqnapi
