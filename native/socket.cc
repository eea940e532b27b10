#include "socket.h"

#include <zmq.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "addon.h"
#include "frames.h"
#include "util/args.h"
#include "util/call_from_loop.h"
#include "util/errors.h"
#include "util/linger.h"
#include "zap_refuser.h"

namespace zmqnapi {

namespace {

// How getsockopt/setsockopt read and write an option's value; lib/options.ts maps every
// option of zmq.h to one of these.
enum OptionKind { kInt = 0, kInt64 = 1, kUint64 = 2, kBytes = 3, kString = 4, kCurveKey = 5 };

// libzmq returns a CURVE key as Z85 text only when asked with exactly this length.
constexpr size_t kZ85KeyBytes = 41;

// How big a buffer a binary or text option is first read into, and the most it may need:
// libzmq answers EINVAL when the buffer is too small, without saying how big it must be,
// and an inproc endpoint (LAST_ENDPOINT) can be of any length.
constexpr size_t kOptionBytesFirst = 4096;
constexpr size_t kOptionBytesMost = 16 * 1024 * 1024;

// tryRecvInto's per-frame flags (lib/socket.ts reads them). kRecvLarge: the frame is the
// next Buffer of `large`, not in the arena. kRecvRest: the pair's size word is a count of
// frames, the rest of the message, all in `large`.
constexpr uint32_t kRecvMore = 1;
constexpr uint32_t kRecvLarge = 2;
constexpr uint32_t kRecvRest = 4;

// The words of watchState (see socket.h).
constexpr int kWatchWanted = 0;
constexpr int kWatchOn = 1;

// Frames up to this size are copied into tryRecvInto's arena; bigger ones get a Buffer of
// their own (a copy, or a zero-copy view from 16 KiB: see BufferFromMsg). Above a few
// hundred bytes the memcpy, not the Buffer, is most of the cost, and a big frame would
// use up an arena meant for many small ones.
constexpr size_t kArenaFrameMaxBytes = 2048;

// A binary or text option's value into `value`, which grows (16 times over each time) while
// libzmq says EINVAL and the most is not reached. False, with zmq_errno set, on failure.
bool GetOptBytes(void* socket, int option, std::vector<char>* value, size_t* size) {
  for (size_t capacity = kOptionBytesFirst;; capacity *= 16) {
    value->resize(capacity);
    *size = capacity;
    if (zmq_getsockopt(socket, option, value->data(), size) == 0) return true;
    if (zmq_errno() != EINVAL || capacity >= kOptionBytesMost) return false;
  }
}

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

}  // namespace

Napi::Function Socket::Init(Napi::Env env) {
  return DefineTaggedClass<Socket>(env, kClassName,
                                   {
                                       TaggedMethod<Socket, &Socket::Bind>(env, "bind"),
                                       TaggedMethod<Socket, &Socket::Unbind>(env, "unbind"),
                                       TaggedMethod<Socket, &Socket::Connect>(env, "connect"),
                                       TaggedMethod<Socket, &Socket::Disconnect>(env, "disconnect"),
                                       TaggedMethod<Socket, &Socket::GetOpt>(env, "getOpt"),
                                       TaggedMethod<Socket, &Socket::SetOpt>(env, "setOpt"),
                                       TaggedMethod<Socket, &Socket::TryRecvMsg>(env, "tryRecvMsg"),
                                       TaggedMethod<Socket, &Socket::Monitor>(env, "monitor"),
                                       TaggedMethod<Socket, &Socket::Close>(env, "close"),
                                       TaggedGetter<Socket, &Socket::Closed>("closed"),
                                   });
}

// new Socket(context, type, onReadable)
Socket::Socket(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Socket>(info), async_context_(info.Env(), "zmq:socket") {
  Napi::Env env = info.Env();
  TagObject(info.This().As<Napi::Object>(), kTypeTag);
  Context* context = Context::FromValue(info[0]);
  if (context == nullptr) throw Napi::TypeError::New(env, "context must be a Context");
  int type = RequireInt(info, 1, "type");
  if (!info[2].IsFunction()) throw Napi::TypeError::New(env, "onReadable must be a function");
  if (context->handle()->terminated()) {
    throw MakeZmqError(env, ETERM, "Context was terminated", "");
  }
  socket_ = context->handle()->inproc_pending().NewSocket(type);
  if (socket_ == nullptr) ThrowLastZmqError(env);
  context_ = context->handle();
  // Weak until a watch is on: the TypeScript Socket holds the callback, which holds that
  // Socket, which holds this object; a strong reference here would make that cycle immortal.
  on_readable_ = Napi::Weak(info[2].As<Napi::Function>());
  AddonData::Of(env)->open_sockets.insert(this);
  auto watch_state = Napi::Int32Array::New(env, 2);
  watch_state_ = watch_state.Data();
  watch_state_ref_ = Napi::Persistent(watch_state);
  info.This().As<Napi::Object>().DefineProperty(
      Napi::PropertyDescriptor::Value("watchState", watch_state, napi_default));
  DefineHotCalls(env, info.This().As<Napi::Object>());
}

// The calls made once per message (or per wait) are not prototype methods but functions of
// this socket's own, which carry a pointer to it: a method call must first find its C++
// object with napi_unwrap (a private-symbol lookup in V8's slow path, ~800 instructions):
// 2,444 instructions per trySend of a small message with it, ~1,700 without (callgrind).
// Each function keeps the JS socket alive, so it can never outlive the object it points to.
// They are configurable so that lib/new-socket.ts can put an XSUB's checked sends in place
// of trySend and trySendMany (only lib/ ever holds this object).
template <Napi::Value (Socket::*method)(const Napi::CallbackInfo&)>
static Napi::Value CallOnData(const Napi::CallbackInfo& info) {
  return (static_cast<Socket*>(info.Data())->*method)(info);
}

void Socket::DefineHotCalls(Napi::Env env, Napi::Object self) {
  auto define = [&](const char* name, Napi::Function function) {
    function.DefineProperty(Napi::PropertyDescriptor::Value("socket", self, napi_default));
    self.DefineProperty(Napi::PropertyDescriptor::Value(name, function, napi_configurable));
  };
  define("trySend", Napi::Function::New<CallOnData<&Socket::TrySend>>(env, "trySend", this));
  define("trySendMany",
         Napi::Function::New<CallOnData<&Socket::TrySendMany>>(env, "trySendMany", this));
  define("tryRecvInto",
         Napi::Function::New<CallOnData<&Socket::TryRecvInto>>(env, "tryRecvInto", this));
  // Once or twice per wait on the socket, as often as a message in request-reply.
  define("events", Napi::Function::New<CallOnData<&Socket::Events>>(env, "events", this));
  define("watch", Napi::Function::New<CallOnData<&Socket::Watch>>(env, "watch", this));
}

Socket::~Socket() {
  CloseNow();
  // A socket lent to a device is not closed here (the device's thread closes it), but this
  // object is gone either way.
  AddonData* data = AddonData::Of(Env());
  if (data != nullptr) data->open_sockets.erase(this);
}

Socket* Socket::FromValue(Napi::Value value) {
  return UnwrapTagged<Socket>(value);
}

void* Socket::Lend(Napi::Env env) {
  void* socket = Checked(env);
  if (watcher_ != nullptr) watcher_->Stop();
  StopWatching();
  lent_ = true;
  Ref();
  return socket;
}

void Socket::GiveBack() {
  if (!lent_) return;
  lent_ = false;
  Unref();
}

void Socket::CloseNow(int cap_linger_ms) {
  if (socket_ == nullptr || lent_) return;
  watcher_.reset();  // stop watching before libzmq closes the fd
  StopWatching();
  before_wait_.reset();
  CapLinger(socket_, cap_linger_ms);
  context_->inproc_pending().Close(socket_);  // zmq_close, and what it leaves pending
  socket_ = nullptr;
  context_.reset();
  AddonData* data = AddonData::Of(Env());
  if (data != nullptr) data->open_sockets.erase(this);
}

void* Socket::Checked(Napi::Env env) const {
  if (socket_ == nullptr) throw MakeZmqError(env, ENOTSOCK, "Socket is closed", "");
  if (lent_) throw MakeZmqError(env, EBUSY, "Socket belongs to a running device or proxy", "");
  return socket_;
}

Napi::Value Socket::EndpointOp(const Napi::CallbackInfo& info, EndpointVerb verb) {
  Napi::Env env = info.Env();
  std::string endpoint = RequireString(info, 0, "endpoint");
  if (endpoint.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, "endpoint must not contain NUL characters");
  }
  void* socket = Checked(env);
  InprocPending& inproc = context_->inproc_pending();
  if (RetryOnEintr([&] { return inproc.Apply(verb, socket, endpoint); }) != 0) {
    ThrowLastZmqError(env, endpoint);
  }
  if (endpoint == kZapEndpoint && (verb == EndpointVerb::kBind || verb == EndpointVerb::kUnbind)) {
    holds_zap_endpoint_ = verb == EndpointVerb::kBind;
  }
  return env.Undefined();
}

void Socket::HandOverZapEndpoint() {
  if (!holds_zap_endpoint_ || socket_ == nullptr || lent_) return;
  HandZapEndpointToRefuser(context_->get(), socket_);
  holds_zap_endpoint_ = false;
}

Napi::Value Socket::Bind(const Napi::CallbackInfo& info) {
  return EndpointOp(info, EndpointVerb::kBind);
}
Napi::Value Socket::Unbind(const Napi::CallbackInfo& info) {
  return EndpointOp(info, EndpointVerb::kUnbind);
}
Napi::Value Socket::Connect(const Napi::CallbackInfo& info) {
  return EndpointOp(info, EndpointVerb::kConnect);
}
Napi::Value Socket::Disconnect(const Napi::CallbackInfo& info) {
  return EndpointOp(info, EndpointVerb::kDisconnect);
}

// getOpt(option, kind)
Napi::Value Socket::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int kind = RequireInt(info, 1, "kind");
  void* socket = Checked(env);
  switch (kind) {
    case kInt: {
      int value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::Number::New(env, value);
    }
    case kInt64: {
      int64_t value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::BigInt::New(env, value);
    }
    case kUint64: {
      uint64_t value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::BigInt::New(env, value);
    }
    case kBytes:
    case kString: {
      std::vector<char> value;
      size_t size = 0;
      if (!GetOptBytes(socket, option, &value, &size)) ThrowLastZmqError(env);
      if (kind == kBytes) return Napi::Buffer<char>::Copy(env, value.data(), size);
      // Text options come back NUL-terminated.
      if (size > 0 && value[size - 1] == '\0') size--;
      return Napi::String::New(env, value.data(), size);
    }
    case kCurveKey: {
      char value[kZ85KeyBytes];
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, value, &size) != 0) ThrowLastZmqError(env);
      return Napi::String::New(env, value, kZ85KeyBytes - 1);
    }
    default:
      throw Napi::RangeError::New(env, "unknown option kind");
  }
}

// setOpt(option, kind, value)
Napi::Value Socket::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int kind = RequireInt(info, 1, "kind");
  Napi::Value value = info[2];
  void* socket = Checked(env);
  int rc;
  switch (kind) {
    case kInt: {
      int number = RequireInt(info, 2, "option value");
      rc = zmq_setsockopt(socket, option, &number, sizeof(number));
      break;
    }
    case kInt64:
    case kUint64: {
      bool lossless = true;
      int64_t number;
      if (value.IsBigInt()) {
        number = kind == kInt64
                     ? value.As<Napi::BigInt>().Int64Value(&lossless)
                     : static_cast<int64_t>(value.As<Napi::BigInt>().Uint64Value(&lossless));
      } else if (value.IsNumber()) {
        double d = value.As<Napi::Number>().DoubleValue();
        lossless = d == static_cast<double>(static_cast<int64_t>(d)) && d > -9007199254740992.0 &&
                   d < 9007199254740992.0;
        number = static_cast<int64_t>(d);
        if (kind == kUint64 && d < 0) lossless = false;
      } else {
        throw Napi::TypeError::New(env, "option value must be a bigint or an integer");
      }
      if (!lossless) throw Napi::RangeError::New(env, "option value is out of range");
      rc = zmq_setsockopt(socket, option, &number, sizeof(number));
      break;
    }
    case kBytes:
    case kString:
    case kCurveKey: {
      if (value.IsNull() || value.IsUndefined()) {
        rc = zmq_setsockopt(socket, option, nullptr, 0);
        break;
      }
      const char* data;
      size_t size;
      std::string holder;
      if (!BytesOf(value, &data, &size, &holder)) {
        throw Napi::TypeError::New(env, "option value must be a string or a Buffer");
      }
      rc = zmq_setsockopt(socket, option, data, size);
      break;
    }
    default:
      throw Napi::RangeError::New(env, "unknown option kind");
  }
  if (rc != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

namespace {

int SendFrame(void* socket, OutFrame& frame, int flags) {
  return RetryOnEintr([&] {
    return frame.message != nullptr ? frame.message->SendOn(socket, flags)
                                    : zmq_send(socket, frame.data, frame.size, flags);
  });
}

}  // namespace

// Sends one message: a frame, or an array of frames. False when its first frame would
// block. Every frame is checked before anything is sent, so a bad frame never leaves half
// a message queued; once libzmq takes a message's first frame it takes the rest (the
// high-water mark counts whole messages), so a later frame cannot block.
bool Socket::SendMessage(Napi::Env env, void* socket, Napi::Value message, int flags) {
  int last_flags = (flags | ZMQ_DONTWAIT) & ~ZMQ_SNDMORE;
  if (flags & ZMQ_SNDMORE) last_flags |= ZMQ_SNDMORE;
  if (!message.IsArray()) {  // the common case: one frame, no vector
    OutFrame frame;
    ReadFrame(env, message, &frame);
    if (SendFrame(socket, frame, last_flags) < 0) {
      if (zmq_errno() == EAGAIN) return false;
      ThrowLastZmqError(env);
    }
    return true;
  }
  auto array = message.As<Napi::Array>();
  uint32_t count = array.Length();
  if (count == 0) throw Napi::TypeError::New(env, "a message needs at least one frame");
  std::vector<OutFrame> frames(count);
  for (uint32_t i = 0; i < count; i++) ReadFrame(env, array[i], &frames[i]);
  for (uint32_t i = 0; i < count; i++) {
    int part_flags = i + 1 < count ? (last_flags | ZMQ_SNDMORE) : last_flags;
    if (SendFrame(socket, frames[i], part_flags) < 0) {
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
  return Napi::Boolean::New(env, SendMessage(env, Checked(env), info[0], flags));
}

// trySendMany(...messages): sends its arguments in order until one would block; returns how
// many were sent. The batch path: one call into the addon for many messages. They come as
// arguments, not as an array: Node-API hands over all arguments at once, where each
// element of an array costs a napi_get_element (~350 instructions, a third of the addon's
// work per 8-byte message; callgrind).
Napi::Value Socket::TrySendMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Checked(env);
  size_t count = info.Length();
  size_t sent = 0;
  while (sent < count && SendMessage(env, socket, info[sent], 0)) sent++;
  return Napi::Number::New(env, sent);
}

bool Socket::RecvInto(Napi::Env env, zmq_msg_t* msg, int flags) {
  void* socket = Checked(env);
  if (RetryOnEintr([&] { return zmq_msg_recv(msg, socket, flags | ZMQ_DONTWAIT); }) < 0) {
    if (zmq_errno() == EAGAIN) return false;
    ThrowLastZmqError(env);
  }
  return true;
}

// Closes a stack zmq_msg_t on every way out, exceptions included.
struct ScopedMsg {
  ScopedMsg() { zmq_msg_init(&msg); }
  ~ScopedMsg() { zmq_msg_close(&msg); }
  zmq_msg_t msg;
};

// recvInto(arena, offset, meta, large, maxMessages, maxBytes): the fast receive path.
// Receives whole messages until maxMessages have come, or maxBytes (after the first), or
// none is waiting. A frame of at most kArenaFrameMaxBytes that fits is copied into `arena`
// from `offset` on, one after the other, and lib/socket.ts slices it out: one ArrayBuffer
// for many frames, where a Buffer each costs a backing store, two mallocs and GC sweeping
// (most of the time a small receive takes). Other frames become Buffers of their own,
// appended to `large`. `meta` gets two words per frame: its size and kRecv* bits. When
// `meta` is nearly full mid-message, the rest of that message goes to `large` whole and
// one last pair says how many frames that is (kRecvRest). Returns the pairs written.
Napi::Value Socket::TryRecvInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RecvArena& arena = AddonData::Of(env)->recv_arena;
  if (!arena.ready()) throw Napi::Error::New(env, "tryRecvInto before setRecvArena");
  size_t offset = static_cast<size_t>(std::max(0, RequireInt(info, 0, "offset")));
  int max_messages = RequireInt(info, 1, "max");
  double max_bytes = static_cast<double>(RequireInt(info, 2, "maxBytes"));
  void* socket = Checked(env);

  uint8_t* arena_data = arena.bytes;
  size_t arena_size = arena.size;
  uint32_t* words = arena.meta;
  size_t pairs = arena.pairs;
  // Taken only when a frame goes there (napi_get_reference_value).
  Napi::Array large;
  auto append_large = [&](uint32_t index, Napi::Value frame) {
    if (large.IsEmpty()) large = arena.large.Value().As<Napi::Array>();
    large.Set(index, frame);
  };
  uint32_t large_count = 0;
  size_t used = 0;
  double bytes = 0;
  ScopedMsg frame;
  // The next frame of a message begun: libzmq delivers messages whole, so it is there.
  auto next_frame = [&] {
    if (!RecvInto(env, &frame.msg, 0)) {
      throw MakeZmqError(env, EAGAIN, "message ended before its last frame", "");
    }
  };
  for (int messages = 0; messages < max_messages && bytes < max_bytes; messages++) {
    // A message starts only with room for two pairs: a frame and, if needed, the rest.
    if (used + 2 > pairs) break;
    if (messages == 0) {
      if (!RecvInto(env, &frame.msg, 0)) break;
    } else if (RetryOnEintr([&] { return zmq_msg_recv(&frame.msg, socket, ZMQ_DONTWAIT); }) < 0) {
      // Whatever stops a later message (nothing waiting, or EFSM: a REQ or REP may take one
      // message per send) ends the batch; the next call meets the error if it lasts.
      break;
    }
    for (;;) {
      bool more = zmq_msg_more(&frame.msg) != 0;
      size_t size = zmq_msg_size(&frame.msg);
      bytes += static_cast<double>(size);
      if (more && used + 1 == pairs) {
        // The last pair: this frame and every one after it go to `large`.
        uint32_t rest = 0;
        for (bool again = true; again; rest++) {
          again = zmq_msg_more(&frame.msg) != 0;
          append_large(large_count++, BufferFromMsg(env, &frame.msg));
          if (again) next_frame();
        }
        words[2 * used] = rest;
        words[2 * used + 1] = kRecvRest;
        used++;
        break;
      }
      uint32_t flags = more ? kRecvMore : 0;
      if (size <= kArenaFrameMaxBytes && size <= arena_size - std::min(offset, arena_size)) {
        if (size > 0) memcpy(arena_data + offset, zmq_msg_data(&frame.msg), size);
        offset += size;
      } else {
        append_large(large_count++, BufferFromMsg(env, &frame.msg));
        flags |= kRecvLarge;
      }
      words[2 * used] = static_cast<uint32_t>(size);
      words[2 * used + 1] = flags;
      used++;
      if (!more) break;
      next_frame();
    }
  }
  return Napi::Number::New(env, static_cast<double>(used));
}

// tryRecvMsg(flags): one frame as a Message (zero-copy, with metadata), or null.
Napi::Value Socket::TryRecvMsg(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto box = std::make_shared<MsgBox>();
  if (!RecvInto(env, &box->msg, OptionalInt(info, 0, "flags", 0))) return env.Null();
  // A received Message's bytes are its receiver's alone, as a received Buffer's are.
  if (!box->MakePrivate()) ThrowLastZmqError(env);
  return Message::NewFromBox(env, std::move(box));
}

// events(): ZMQ_EVENTS. Reading it also lets libzmq process pending commands, which is
// what rearms the edge-triggered ZMQ_FD.
Napi::Value Socket::Events(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Checked(env);
  int events = 0;
  size_t size = sizeof(events);
  if (RetryOnEintr([&] { return zmq_getsockopt(socket, ZMQ_EVENTS, &events, &size); }) != 0) {
    ThrowLastZmqError(env);
  }
  return Napi::Number::New(env, events);
}

// watch(keepAlive = true): from now on onReadable is called whenever ZMQ_FD signals. There
// is no call to stop: the addon stops the watch itself, right before the event loop waits,
// once watchState[kWatchWanted] is 0 (and at close and when lent to a proxy).
Napi::Value Socket::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Checked(env);
  if (watcher_ == nullptr) {
    int fd = -1;
    size_t size = sizeof(fd);
    if (zmq_getsockopt(socket, ZMQ_FD, &fd, &size) != 0) ThrowLastZmqError(env);
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    watcher_ = std::make_unique<UvPollHandle>(loop, fd, [this](int) { OnReadable(); });
    if (!watcher_->ok()) {
      watcher_.reset();
      throw MakeZmqError(env, EINVAL, "cannot watch the socket's file descriptor", "");
    }
    before_wait_ = std::make_unique<BeforeWait>(loop, [this] {
      if (watch_state_[kWatchWanted] == 0) StopWatching();
    });
  }
  watcher_->Start(UV_READABLE, info.Length() < 1 || info[0].ToBoolean());
  Pin();
  watch_state_[kWatchOn] = 1;
  before_wait_->Start();
  return env.Undefined();
}

void Socket::StopWatching() {
  // The watcher keeps polling, unref'd, so the next watch costs no epoll_ctl (a syscall
  // each way, per wait, is much of a round trip); OnReadable drains what comes meanwhile.
  if (watcher_ != nullptr) watcher_->Unref();
  Unpin();
  watch_state_[kWatchOn] = 0;
  if (before_wait_ != nullptr) before_wait_->Stop();
}

// monitor(endpoint | null, events): zmq_socket_monitor; null stops monitoring.
Napi::Value Socket::Monitor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Checked(env);
  std::string endpoint;
  if (!info[0].IsNull()) endpoint = RequireString(info, 0, "endpoint");
  int events = RequireInt(info, 1, "events");
  if (zmq_socket_monitor(socket, info[0].IsNull() ? nullptr : endpoint.c_str(), events) != 0) {
    ThrowLastZmqError(env, endpoint);
  }
  return env.Undefined();
}

void Socket::Pin() {
  if (pinned_) return;
  pinned_ = true;
  Ref();
  on_readable_.Ref();
}

void Socket::Unpin() {
  if (!pinned_) return;
  pinned_ = false;
  Unref();
  on_readable_.Unref();
}

void Socket::OnReadable() {
  if (!pinned_ || socket_ == nullptr || lent_) {
    // Idle: nothing waits, but ZMQ_FD stays readable (and libuv's poll level-triggered)
    // until the commands it announces are processed, which reading ZMQ_EVENTS does.
    if (socket_ != nullptr && !lent_) {
      int events = 0;
      size_t size = sizeof(events);
      zmq_getsockopt(socket_, ZMQ_EVENTS, &events, &size);
    }
    return;
  }
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (on_readable_.IsEmpty() || on_readable_.Value().IsEmpty()) return;
  CallFromLoop(env, async_context_, Value(), on_readable_.Value(), 0, nullptr);
}

Napi::Value Socket::Close(const Napi::CallbackInfo& info) {
  if (socket_ != nullptr) Checked(info.Env());  // a lent socket cannot be closed
  CloseNow();
  return info.Env().Undefined();
}

Napi::Value Socket::Closed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), socket_ == nullptr);
}

}  // namespace zmqnapi
