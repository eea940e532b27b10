// A context's scheduling options (ZMQ_THREAD_SCHED_POLICY, ZMQ_THREAD_PRIORITY,
// ZMQ_THREAD_AFFINITY_CPU_ADD/REMOVE), as set through any Context object of it, tried out
// before its threads start. libzmq applies them only when it starts its I/O and reaper
// threads (the context's first socket), in each new thread, and asserts that every call
// worked (thread.cpp applySchedulingParameters): a policy that wants a priority it was not
// given, a priority or CPU the process may not have (no CAP_SYS_NICE, a cpuset), and the
// process aborts. The same calls are tried on a thread of their own first, and a failure
// is a ZmqError of the context's first socket instead.
#pragma once

#include <mutex>
#include <set>
#include <string>

namespace zmqnapi {

class ThreadScheduling {
 public:
  // After zmq_ctx_set took `option` (any option: the others are not kept).
  void Record(int option, int value);
  // Before a socket of the context is made: 0 where a thread can take the options as
  // libzmq will apply them (or its threads have started: later options do not reach
  // them), else the errno libzmq would have aborted on, with `why`.
  int Check(std::string* why);
  // After a socket of the context was made: libzmq's threads have started.
  void Started();

 private:
  std::mutex mutex_;
  int policy_ = -1;    // ZMQ_THREAD_SCHED_POLICY_DFLT
  int priority_ = -1;  // ZMQ_THREAD_PRIORITY_DFLT
  std::set<int> cpus_;
  bool started_ = false;
};

}  // namespace zmqnapi
