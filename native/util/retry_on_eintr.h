#pragma once

#include <zmq.h>

namespace zmqnapi {

// Calls fn until it stops failing with EINTR: every call here is non-blocking, so an
// interrupted one carries no meaning of its own.
template <typename Fn>
int RetryOnEintr(Fn fn) {
  int rc;
  do {
    rc = fn();
  } while (rc < 0 && zmq_errno() == EINTR);
  return rc;
}

}  // namespace zmqnapi
