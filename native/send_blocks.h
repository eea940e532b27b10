// The bytes of large frames sent by copy: blocks kept for reuse rather than given back to
// the C library at once (send_blocks.cc says why).
#pragma once

#include <cstddef>

namespace zmqnapi {

// Frames from this size to 32 MiB are copied into a kept block (others: zmq_send's own copy).
constexpr size_t kSendBlockMinBytes = 64 * 1024;

// zmq_send of a copy of `data` in a kept block: what zmq_send returns, errno set on -1.
int SendInBlock(void* socket, const char* data, size_t size, int flags);

}  // namespace zmqnapi
