// Socket (socket.h): the blocking calls of the opt-in low-latency mode, recvSync and
// sendSync. They wait on the calling thread inside libzmq, as C's zmq_msg_recv and
// zmq_msg_send do, bounded by RCVTIMEO/SNDTIMEO or by a timeout of their own. Everything
// else in the addon never blocks; lib/engine/sync.ts decides when these may be called (the
// socket's read-ahead first, never before pending async operations).
#include <zmq.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>

#include "addon.h"
#include "frames.h"
#include "socket.h"
#include "util/args.h"
#include "util/env_ending.h"
#include "util/errors.h"
#include "util/retry_on_eintr.h"

namespace zmqnapi {

namespace {

// How long a Worker's blocking call waits inside libzmq at a time before it looks whether
// the Worker's environment is ending: nothing wakes a thread blocked in libzmq, and Node
// waits for the thread to come back, so a Worker terminated while it waited (or the process
// exiting meanwhile) would wait with it for ever.
constexpr int kWaitSliceMs = 50;

// ZMQ_RCVTIMEO or ZMQ_SNDTIMEO as it was before a call, put back after it (a throw
// included), keeping errno: what the call failed with, for the caller to report.
class SavedTimeout {
 public:
  SavedTimeout(void* socket, int option) : socket_(socket), option_(option) {
    size_t size = sizeof(value);
    ok = zmq_getsockopt(socket, option, &value, &size) == 0;
  }
  ~SavedTimeout() {
    if (!changed) return;
    int errnum = zmq_errno();
    zmq_setsockopt(socket_, option_, &value, sizeof(value));
    errno = errnum;
  }
  int value = -1;
  bool ok = false;
  bool changed = false;

 private:
  void* socket_;
  int option_;
};

// Runs `attempt(flags)`, a libzmq call with those extra flags that waits for the socket's
// ZMQ_RCVTIMEO or ZMQ_SNDTIMEO (`option`) and returns < 0 with errno set where it fails,
// bounded by the call's own timeout
// (timeout_ms >= -1, -1: for ever) or else by the socket's own. The main thread waits in
// one call: its environment ends only as the process exits, once every Worker has stopped,
// and a caught signal has to find it inside libzmq's poll to interrupt it (EINTR), where it
// could land unseen between two slices. A Worker waits in slices of kWaitSliceMs, retried
// on EAGAIN until the time is up (then EAGAIN), and ends with ETERM once its environment
// ends. With `try_first` it tries once without waiting first, so that a call that finds its
// message at once changes no option (not for sends: ZMQ_DONTWAIT would go with every frame
// of a multipart message, and libzmq then answers a frame it drops with EAGAIN).
template <typename Attempt>
int WaitFor(Napi::Env env, void* socket, int option, int timeout_ms, bool try_first,
            Attempt attempt) {
  bool main_thread = AddonData::Of(env)->on_main_thread;
  if (main_thread && timeout_ms < -1) return attempt(0);
  if (!main_thread && try_first) {
    int rc = attempt(ZMQ_DONTWAIT);
    if (rc >= 0 || zmq_errno() != EAGAIN) return rc;
  }
  SavedTimeout saved(socket, option);
  if (!saved.ok) return -1;
  int total = timeout_ms >= -1 ? timeout_ms : saved.value;
  if (main_thread || total == 0) {
    saved.changed = true;
    if (zmq_setsockopt(socket, option, &total, sizeof(total)) != 0) return -1;
    return attempt(0);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(total);
  saved.changed = true;
  for (;;) {
    int slice = kWaitSliceMs;
    if (total > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      slice = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(slice, left.count())));
    }
    if (zmq_setsockopt(socket, option, &slice, sizeof(slice)) != 0) return -1;
    int rc = attempt(0);
    if (rc >= 0 || zmq_errno() != EAGAIN || slice < kWaitSliceMs) return rc;
    if (EnvironmentEnding(env)) {
      errno = ETERM;
      return -1;
    }
  }
}

// The timeout argument at `index`: a number of ms (-1: none), or absent/undefined for the
// socket's own RCVTIMEO/SNDTIMEO (returned as -2).
int TimeoutArg(const Napi::CallbackInfo& info, size_t index) {
  int timeout = OptionalInt(info, index, "timeout", -2);
  if (timeout < -2) throw Napi::RangeError::New(info.Env(), "timeout must be -1 or more");
  return timeout;
}

struct ScopedFrame {
  ScopedFrame() { zmq_msg_init(&msg); }
  ~ScopedFrame() { zmq_msg_close(&msg); }
  zmq_msg_t msg;
};

}  // namespace

// recvSync(whole, flags, timeout?): one frame as a Buffer, or with `whole` the rest of the
// message as an array of Buffers. The first frame is waited for in libzmq (unless flags
// has ZMQ_DONTWAIT); the frames after it are there already, as libzmq delivers messages
// whole. EAGAIN when the time runs out, EINTR when a signal handled by the process lands
// on this thread meanwhile: both thrown as ZmqErrors, as C's zmq_msg_recv reports them.
Napi::Value Socket::RecvSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  bool whole = info[0].ToBoolean();
  int flags = OptionalInt(info, 1, "flags", 0);
  int timeout = TimeoutArg(info, 2);
  void* socket = LiveSocket(env);
  ScopedFrame frame;
  // No retry on EINTR: it is the answer.
  auto receive = [&](int extra) { return zmq_msg_recv(&frame.msg, socket, flags | extra); };
  int rc = flags & ZMQ_DONTWAIT ? receive(0)
                                : WaitFor(env, socket, ZMQ_RCVTIMEO, timeout, true, receive);
  if (rc < 0) ThrowLastZmqError(env);
  if (!whole) return BufferFromMsg(env, &frame.msg);
  Napi::Array frames = Napi::Array::New(env);
  for (uint32_t i = 0;; i++) {
    bool more = zmq_msg_more(&frame.msg) != 0;
    frames.Set(i, BufferFromMsg(env, &frame.msg));
    if (!more) return frames;
    if (RetryOnEintr([&] { return zmq_msg_recv(&frame.msg, socket, ZMQ_DONTWAIT); }) < 0) {
      ThrowLastZmqError(env);
    }
  }
}

// sendSync(message, flags, timeout?): sends a frame or an array of frames, waiting in
// libzmq at the high-water mark (unless flags has ZMQ_DONTWAIT). EAGAIN when the time
// runs out, EINTR on a signal, as in RecvSync.
Napi::Value Socket::SendSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int flags = OptionalInt(info, 1, "flags", 0);
  int timeout = TimeoutArg(info, 2);
  void* socket = LiveSocket(env);
  // False (errno EAGAIN) where the first frame would block: nothing of the message went.
  auto send = [&](int extra) {
    if (SendMessage(env, socket, info[0], flags | extra, /*blocking=*/true)) return 0;
    errno = EAGAIN;
    return -1;
  };
  int rc =
      flags & ZMQ_DONTWAIT ? send(0) : WaitFor(env, socket, ZMQ_SNDTIMEO, timeout, false, send);
  if (rc < 0) ThrowLastZmqError(env);
  return env.Undefined();
}

}  // namespace zmqnapi
