// Closing a socket at process exit or Worker teardown must not wait for ever on its queued
// messages: its linger is first lowered to at most the exit cap.
#pragma once

#include <zmq.h>

namespace zmqnapi {

// Lowers the socket's ZMQ_LINGER to `cap_ms` where it is longer (or infinite); a negative
// cap leaves it as it is.
inline void CapLinger(void* socket, int cap_ms) {
  if (cap_ms < 0) return;
  int linger = -1;
  size_t size = sizeof(linger);
  zmq_getsockopt(socket, ZMQ_LINGER, &linger, &size);
  if (linger < 0 || linger > cap_ms) zmq_setsockopt(socket, ZMQ_LINGER, &cap_ms, sizeof(cap_ms));
}

}  // namespace zmqnapi
