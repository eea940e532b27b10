#include "thread_scheduling.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <thread>

namespace zmqnapi {

namespace {

// What libzmq 4.3.4's thread_t::applySchedulingParameters does on Linux, in the same order,
// on the calling thread; returns the errno of the first call that fails (libzmq's abort).
int ApplyAsLibzmqWould(int wanted_policy, int priority, const std::set<int>& cpus,
                       std::string* why) {
  int policy = 0;
  sched_param param{};
  int rc = pthread_getschedparam(pthread_self(), &policy, &param);
  if (rc != 0) return *why = "pthread_getschedparam failed", rc;
  if (wanted_policy != -1) policy = wanted_policy;
  bool nice_instead = policy != SCHED_FIFO && policy != SCHED_RR;
  if (priority != -1) param.sched_priority = nice_instead ? 0 : priority;
  rc = pthread_setschedparam(pthread_self(), policy, &param);
  if (rc != 0) {
    *why = "libzmq's threads cannot take THREAD_SCHED_POLICY " + std::to_string(policy) +
           " with priority " + std::to_string(param.sched_priority) +
           (rc == EPERM ? " (this process may not: CAP_SYS_NICE or RLIMIT_RTPRIO)"
                        : " (SCHED_FIFO and SCHED_RR want a THREAD_PRIORITY of 1 to 99)");
    return rc;
  }
  if (nice_instead && priority != -1) {
    // libzmq then raises the thread's nice value to the highest, -20, whatever the priority.
    // libzmq asserts that nice() did not return -1, which a nice value of 19 before also
    // gives (19 - 20).
    errno = 0;
    if (nice(-20) == -1) {
      int errnum = errno != 0 ? errno : EINVAL;
      *why =
          "a THREAD_PRIORITY under a policy other than SCHED_FIFO or SCHED_RR makes libzmq "
          "set its threads' nice value to -20, which this process may not (CAP_SYS_NICE "
          "or RLIMIT_NICE)";
      return errnum;
    }
  }
  if (!cpus.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (int cpu : cpus) CPU_SET(cpu, &set);
    rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
    if (rc != 0) {
      *why = "libzmq's threads cannot run on the CPUs of THREAD_AFFINITY_CPU_ADD only";
      return rc;
    }
  }
  return 0;
}

}  // namespace

int ThreadScheduling::Set(void* ctx, int option, int value) {
  std::lock_guard<std::mutex> lock(mutex_);
  int rc = zmq_ctx_set(ctx, option, value);
  if (rc != 0) return rc;
  switch (option) {
    case ZMQ_THREAD_SCHED_POLICY:
      policy_ = value;
      break;
    case ZMQ_THREAD_PRIORITY:
      priority_ = value;
      break;
    case ZMQ_THREAD_AFFINITY_CPU_ADD:
      cpus_.insert(value);
      break;
    case ZMQ_THREAD_AFFINITY_CPU_REMOVE:
      cpus_.erase(value);
      break;
  }
  return 0;
}

void* ThreadScheduling::MakeSocket(const std::function<void*()>& make, int* errnum,
                                   std::string* why) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!started_ && (policy_ != -1 || priority_ != -1 || !cpus_.empty())) {
    int failed = 0;
    // A thread of its own, made by this one as libzmq's will be: the calls change the
    // thread they run on, which starts with its maker's scheduling.
    std::thread([&] { failed = ApplyAsLibzmqWould(policy_, priority_, cpus_, why); }).join();
    if (failed != 0) {
      *errnum = failed;
      return nullptr;
    }
  }
  void* socket = make();
  if (socket != nullptr) started_ = true;
  return socket;
}

}  // namespace zmqnapi
