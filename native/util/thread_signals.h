// The threads the addon starts (proxies, context terms, the ZAP refuser) block the signals
// meant for the process, as libzmq's own threads do: one landing there would make a blocking
// libzmq call fail with EINTR, and the process's handler would run on a thread JavaScript
// knows nothing of. The signals a fault raises on the faulting thread stay unblocked, so
// that a crash there is still reported as one.
#pragma once

#include <pthread.h>
#include <signal.h>

namespace zmqnapi {

inline void BlockProcessSignals() {
  sigset_t signals;
  sigfillset(&signals);
  for (int fault : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT}) sigdelset(&signals, fault);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace zmqnapi
