// Socket (socket.h): the non-blocking sends, trySend and trySendMany.
#include <zmq.h>

#include <string>
#include <vector>

#include "frames.h"
#include "send_blocks.h"
#include "socket.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/multicast_guard.h"
#include "util/retry_on_eintr.h"

namespace zmqnapi {

namespace {

// `in_blocks`: large frames' bytes go in kept blocks (send_blocks.h), for a socket with an
// inproc endpoint, whose receivers free them a GC later; libzmq frees those it writes to a
// connection as soon as it has, and the C library's own reuse serves them as well.
int SendFrame(void* socket, OutFrame& frame, int flags, bool blocking, bool in_blocks) {
  auto send = [&] {
    if (frame.message != nullptr) return frame.message->SendOn(socket, flags);
    return in_blocks ? SendInBlock(socket, frame.data, frame.size, flags)
                     : zmq_send(socket, frame.data, frame.size, flags);
  };
  // A blocking send interrupted by a signal reports it (sendSync), as C's does.
  return blocking ? send() : RetryOnEintr(send);
}

// ZMQ_CONFLATE keeps only the last message written, and a multipart message's frames are
// written one at a time: only its last frame would go. Refused instead.
void RefuseOnConflate(Napi::Env env) {
  throw MakeZmqError(env, EINVAL,
                     "a socket with ZMQ_CONFLATE sends single-frame messages only (libzmq keeps "
                     "the last frame of a multipart one)",
                     "");
}

// A frame too large for a norm:// endpoint is refused before anything of its message is sent.
void CheckNormFrame(Napi::Env env, const OutFrame& frame) {
  size_t size = frame.message != nullptr ? frame.message->size() : frame.size;
  if (size > kNormFrameMaxBytes) {
    throw MakeZmqError(env, EMSGSIZE,
                       "a socket with a norm:// endpoint sends frames of at most " +
                           std::to_string(kNormFrameMaxBytes) +
                           " bytes (libzmq 4.3.4's NORM engine loses larger ones)",
                       "");
  }
}

}  // namespace

// Sends one message: a frame, or an array of frames. False when its first frame would
// block. Every frame is checked before anything is sent, so a bad frame never leaves half
// a message queued; once libzmq takes a message's first frame it takes the rest (the
// high-water mark counts whole messages), so a later frame cannot block.
bool Socket::SendMessage(Napi::Env env, void* socket, Napi::Value message, int flags,
                         bool blocking) {
  int last_flags = (blocking ? flags : flags | ZMQ_DONTWAIT) & ~ZMQ_SNDMORE;
  if (flags & ZMQ_SNDMORE) last_flags |= ZMQ_SNDMORE;
  if (conflates_ && (flags & ZMQ_SNDMORE)) RefuseOnConflate(env);
  if (!message.IsArray()) {  // the common case: one frame, no vector
    OutFrame frame;
    ReadFrame(env, message, &frame);
    if (norm_frames_bounded_) CheckNormFrame(env, frame);
    if (SendFrame(socket, frame, last_flags, blocking, inproc_frames_) < 0) {
      if (zmq_errno() == EAGAIN) return false;
      ThrowLastZmqError(env);
    }
    return true;
  }
  auto array = message.As<Napi::Array>();
  uint32_t count = array.Length();
  if (count == 0) throw Napi::TypeError::New(env, "a message needs at least one frame");
  if (conflates_ && count > 1) RefuseOnConflate(env);
  std::vector<OutFrame> frames(count);
  for (uint32_t i = 0; i < count; i++) {
    ReadFrame(env, array[i], &frames[i]);
    if (norm_frames_bounded_) CheckNormFrame(env, frames[i]);
  }
  for (uint32_t i = 0; i < count; i++) {
    int part_flags = i + 1 < count ? (last_flags | ZMQ_SNDMORE) : last_flags;
    if (SendFrame(socket, frames[i], part_flags, blocking, inproc_frames_) < 0) {
      if (i == 0 && zmq_errno() == EAGAIN) return false;
      ThrowLastZmqError(env);
    }
  }
  return true;
}

// trySend(message, flags): see SendMessage.
Napi::Value Socket::TrySend(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int flags = OptionalInt(info, 1, "flags", 0);
  return Napi::Boolean::New(env, SendMessage(env, LiveSocket(env), info[0], flags));
}

// trySendMany(...messages): sends its arguments in order until one would block; returns how
// many were sent. The batch path: one call into the addon for many messages. They come as
// arguments, not as an array: Node-API hands over all arguments at once, where each element
// of an array costs a napi_get_element (docs/PERFORMANCE.md).
Napi::Value Socket::TrySendMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  size_t count = info.Length();
  size_t sent = 0;
  while (sent < count && SendMessage(env, socket, info[sent], 0)) sent++;
  return Napi::Number::New(env, sent);
}

}  // namespace zmqnapi
