// Socket (socket.h): the blocking calls of the opt-in low-latency mode, recvSync and
// sendSync. They wait on the calling thread inside libzmq, as C's zmq_msg_recv and
// zmq_msg_send do, bounded by RCVTIMEO/SNDTIMEO or by a timeout of their own. Everything
// else in the addon never blocks; lib/engine/sync.ts decides when these may be called (the
// socket's read-ahead first, never before pending async operations).
#include <zmq.h>

#include <cerrno>

#include "frames.h"
#include "socket.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/retry_on_eintr.h"

namespace zmqnapi {

namespace {

// ZMQ_RCVTIMEO or ZMQ_SNDTIMEO set to a call's own timeout for the time of the call, then
// put back. Without a timeout (timeout_ms < -1: "the socket's own") nothing is touched.
class ScopedTimeout {
 public:
  ScopedTimeout(Napi::Env env, void* socket, int option, int timeout_ms)
      : socket_(socket), option_(option) {
    if (timeout_ms < -1) return;
    size_t size = sizeof(saved_);
    if (zmq_getsockopt(socket, option, &saved_, &size) != 0 ||
        zmq_setsockopt(socket, option, &timeout_ms, sizeof(timeout_ms)) != 0) {
      ThrowLastZmqError(env);
    }
    set_ = true;
  }
  ~ScopedTimeout() {
    if (!set_) return;
    int errnum = zmq_errno();  // what the call failed with, for the caller to report
    zmq_setsockopt(socket_, option_, &saved_, sizeof(saved_));
    errno = errnum;
  }

 private:
  void* socket_;
  int option_;
  int saved_ = -1;
  bool set_ = false;
};

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
  int rc;
  {
    ScopedTimeout scoped(env, socket, ZMQ_RCVTIMEO, timeout);
    rc = zmq_msg_recv(&frame.msg, socket, flags);  // no retry on EINTR: it is the answer
  }
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
  bool sent;
  {
    ScopedTimeout scoped(env, socket, ZMQ_SNDTIMEO, timeout);
    sent = SendMessage(env, socket, info[0], flags, /*blocking=*/true);
  }
  if (!sent) throw MakeZmqError(env, EAGAIN);
  return env.Undefined();
}

}  // namespace zmqnapi
