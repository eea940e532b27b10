#include "send_blocks.h"

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace zmqnapi {

namespace {

// Why: a large frame's bytes are freed by whoever closes the frame last, and over inproc
// that is the receiver's Buffer finalizer, a GC later: tens of MiB of them go back to the C
// library at once, which gives the top of its heap back to the kernel, and the next frames
// are copied into pages faulted in afresh. glibc told not to trim (GLIBC_TUNABLES), inproc
// 1 MiB went from 4.0–4.7k to 6.9–7.6k msg/s; these blocks do the same for our frames only.
// Blocks go by powers of two, from kSendBlockMinBytes to kLargestBlockBytes (larger frames
// are left to zmq_send: a block larger than kKeptMaxBytes could never be kept), and at most
// kKeptMaxBytes of them wait unused.
constexpr size_t kLargestBlockBytes = 32 * 1024 * 1024;
constexpr size_t kKeptMaxBytes = 32 * 1024 * 1024;
constexpr int kClasses = 10;  // 64 KiB << 0 … 64 KiB << 9 = 32 MiB
static_assert((kSendBlockMinBytes << (kClasses - 1)) == kLargestBlockBytes);

size_t BlockBytes(int size_class) {
  return kSendBlockMinBytes << size_class;
}

struct KeptBlocks {
  KeptBlocks() {
    // Room for as many as may be kept, so that giving one back (on a libzmq thread, too)
    // never allocates.
    for (int c = 0; c < kClasses; c++) free[c].reserve(kKeptMaxBytes / BlockBytes(c));
  }
  std::mutex lock;
  std::vector<void*> free[kClasses];
  size_t kept_bytes = 0;
};

// Never destroyed: libzmq's threads give blocks back until the process ends.
KeptBlocks& Kept() {
  static auto* kept = new KeptBlocks;
  return *kept;
}

int ClassOf(size_t size) {
  int size_class = 0;
  while (BlockBytes(size_class) < size) size_class++;
  return size_class;
}

void* TakeBlock(int size_class) {
  KeptBlocks& kept = Kept();
  {
    std::lock_guard<std::mutex> guard(kept.lock);
    std::vector<void*>& blocks = kept.free[size_class];
    if (!blocks.empty()) {
      void* block = blocks.back();
      blocks.pop_back();
      kept.kept_bytes -= BlockBytes(size_class);
      return block;
    }
  }
  return malloc(BlockBytes(size_class));
}

// libzmq's free function for a frame's bytes: on whichever thread closes it last.
void GiveBackBlock(void* block, void* hint) {
  auto size_class = static_cast<int>(reinterpret_cast<uintptr_t>(hint));
  KeptBlocks& kept = Kept();
  size_t bytes = BlockBytes(size_class);
  {
    std::lock_guard<std::mutex> guard(kept.lock);
    // Full: blocks of other sizes make room, so that what is kept follows the frames sent
    // now, not those of a burst long past.
    for (int other = 0; other < kClasses && kept.kept_bytes + bytes > kKeptMaxBytes; other++) {
      std::vector<void*>& blocks = kept.free[other];
      while (other != size_class && !blocks.empty() && kept.kept_bytes + bytes > kKeptMaxBytes) {
        free(blocks.back());
        blocks.pop_back();
        kept.kept_bytes -= BlockBytes(other);
      }
    }
    if (kept.kept_bytes + bytes <= kKeptMaxBytes) {
      kept.free[size_class].push_back(block);
      kept.kept_bytes += bytes;
      return;
    }
  }
  free(block);
}

}  // namespace

int SendInBlock(void* socket, const char* data, size_t size, int flags) {
  if (size < kSendBlockMinBytes || size > kLargestBlockBytes) {
    return zmq_send(socket, data, size, flags);
  }
  int size_class = ClassOf(size);
  void* block = TakeBlock(size_class);
  if (block == nullptr) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(block, data, size);
  zmq_msg_t msg;
  void* hint = reinterpret_cast<void*>(static_cast<uintptr_t>(size_class));
  if (zmq_msg_init_data(&msg, block, size, GiveBackBlock, hint) != 0) {
    int err = zmq_errno();
    GiveBackBlock(block, hint);
    errno = err;
    return -1;
  }
  int rc = zmq_msg_send(&msg, socket, flags);
  if (rc < 0) {
    int err = zmq_errno();
    zmq_msg_close(&msg);  // gives the block back
    errno = err;
  }
  return rc;
}

}  // namespace zmqnapi
