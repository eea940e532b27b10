#include "message.h"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "addon.h"
#include "frames.h"
#include "util/env_ending.h"
#include "util/errors.h"
#include "util/type_tag.h"

namespace zmqnapi {

namespace {

// The finalizer's hint of a view of a box's bytes.
struct View {
  std::shared_ptr<MsgBox> box;
  bool in_worker;  // made outside the main thread (see ReleaseView)
};

// Boxes whose bytes another thread may hold: kept for the rest of the process, reachable
// (so no leak checker counts them lost) and never destroyed, not even at exit.
void KeepForever(std::shared_ptr<MsgBox> box) {
  static auto* lock = new std::mutex;
  static auto* kept = new std::vector<std::shared_ptr<MsgBox>>;
  std::lock_guard<std::mutex> guard(*lock);
  kept->push_back(std::move(box));
}

// A view's finalizer: Node runs it a turn after the view's bytes become unreachable, and for
// every external Buffer an environment made and has not finalized yet when that environment
// ends. The main thread's environment ends only as the process exits, after every Worker has
// stopped; a Worker's ends while the process goes on, and ArrayBuffer.prototype.transfer()
// may have moved a view's bytes into an ArrayBuffer of another thread, which would read
// them after they are freed. Nothing tells this finalizer which views went that way, so a
// Worker's views not finalized by its end keep their bytes for the rest of the process.
void ReleaseView(napi_env env, void*, void* hint) {
  auto* view = static_cast<View*>(hint);
  if (view->in_worker && EnvironmentEnding(env)) KeepForever(std::move(view->box));
  delete view;
}

}  // namespace

Napi::Buffer<char> ViewOf(Napi::Env env, const std::shared_ptr<MsgBox>& box) {
  size_t size = zmq_msg_size(&box->msg);
  if (size == 0) return Napi::Buffer<char>::New(env, 0);
  auto* view = new View{box, !AddonData::Of(env)->on_main_thread};
  napi_value value;
  napi_status status =
      NewExternalBuffer(env, zmq_msg_data(&box->msg), size, ReleaseView, view, &value);
  if (status == napi_ok) return Napi::Buffer<char>(env, value);
  delete view;
  NAPI_THROW_IF_FAILED(env, status, Napi::Buffer<char>());
  return Napi::Buffer<char>();
}

bool IsShared(zmq_msg_t* msg) {
  return zmq_msg_get(msg, ZMQ_SHARED) == 1;
}

int InitCopyOf(zmq_msg_t* to, zmq_msg_t* from) {
  size_t size = zmq_msg_size(from);
  zmq_msg_close(to);
  if (zmq_msg_init_size(to, size) != 0) {
    int err = zmq_errno();
    zmq_msg_init(to);
    errno = err;
    return -1;
  }
  if (size > 0) memcpy(zmq_msg_data(to), zmq_msg_data(from), size);
  CopyDraftProperties(to, from);
  return 0;
}

bool MsgBox::MakePrivate() {
  if (!IsShared(&msg)) return true;
  zmq_msg_move(&received, &msg);
  kept_received = true;
  return InitCopyOf(&msg, &received) == 0;
}

Napi::Function Message::Init(Napi::Env env) {
  return DefineTaggedClass<Message>(
      env, kClassName,
      {
          TaggedGetter<Message, &Message::Data>("data"),
          TaggedGetter<Message, &Message::Size>("size"),
          TaggedGetter<Message, &Message::More>("more"),
          TaggedGetter<Message, &Message::Closed>("closed"),
          TaggedMethod<Message, &Message::ToString>(env, "toString"),
          TaggedMethod<Message, &Message::Copy>(env, "copy"),
          TaggedMethod<Message, &Message::Gets>(env, "gets"),
          TaggedAccessor<Message, &Message::RoutingId, &Message::SetRoutingId>("routingId"),
          TaggedAccessor<Message, &Message::Group, &Message::SetGroup>("group"),
          TaggedMethod<Message, &Message::Close>(env, "close"),
      });
}

Message::Message(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Message>(info), box_(std::make_shared<MsgBox>()) {
  Napi::Env env = info.Env();
  TagObject(info.This().As<Napi::Object>(), kTypeTag);
  Napi::Value init = info[0];
  if (init.IsUndefined() || init.IsNull()) return;
  if (init.IsExternal()) {  // from NewFromBox: adopt a received message
    box_ = *init.As<Napi::External<std::shared_ptr<MsgBox>>>().Data();
    Account(env);
    return;
  }
  if (init.IsNumber()) {
    double size = init.As<Napi::Number>().DoubleValue();
    if (!(size >= 0 && size <= 0x7fffffff && size == static_cast<double>(static_cast<int>(size)))) {
      throw Napi::RangeError::New(env, "Message size must be an integer from 0 to 2^31-1");
    }
    zmq_msg_close(&box_->msg);
    if (zmq_msg_init_size(&box_->msg, static_cast<size_t>(size)) != 0) {
      zmq_msg_init(&box_->msg);
      ThrowLastZmqError(env);
    }
    memset(zmq_msg_data(&box_->msg), 0, static_cast<size_t>(size));
    Account(env);
    return;
  }
  const char* data;
  size_t size;
  std::string holder;
  if (!BytesOf(init, &data, &size, &holder)) {
    throw Napi::TypeError::New(env,
                               "Message data must be a Buffer, TypedArray, ArrayBuffer, "
                               "string or a size in bytes");
  }
  zmq_msg_close(&box_->msg);
  if (zmq_msg_init_size(&box_->msg, size) != 0) {
    zmq_msg_init(&box_->msg);
    ThrowLastZmqError(env);
  }
  if (size > 0) memcpy(zmq_msg_data(&box_->msg), data, size);
  Account(env);
}

Message::~Message() {
  if (accounted_ != 0) Napi::MemoryManagement::AdjustExternalMemory(Env(), -accounted_);
}

void Message::Account(Napi::Env env) {
  int64_t bytes = static_cast<int64_t>(zmq_msg_size(&box_->msg));
  if (bytes == accounted_) return;
  Napi::MemoryManagement::AdjustExternalMemory(env, bytes - accounted_);
  accounted_ = bytes;
}

Message* Message::FromValue(Napi::Value value) {
  return UnwrapTagged<Message>(value);
}

Napi::Object Message::NewFromBox(Napi::Env env, std::shared_ptr<MsgBox> box) {
  auto external = Napi::External<std::shared_ptr<MsgBox>>::New(env, &box);
  // The constructor copies the shared_ptr out before `box` leaves scope.
  return AddonData::Of(env)->message_class.New({external});
}

MsgBox& Message::Checked(Napi::Env env) {
  if (closed_) throw MakeZmqError(env, EFAULT, "Message is closed", "");
  return *box_;
}

void Message::Reset() {
  box_ = std::make_shared<MsgBox>();
  Account(Env());
  view_.Reset();
}

bool Message::HasOnlyItsView() {
  if (box_.use_count() != 2 || view_.IsEmpty()) return false;
  // A view whose ArrayBuffer is detached already went elsewhere, and who holds its bytes now
  // is not known: it does not count as this Message's own. (Node 20 copies an external
  // ArrayBuffer on transfer rather than detach it; this guards the ways that would not.)
  bool detached = true;
  napi_value buffer = view_.Value().ArrayBuffer();
  return napi_is_detached_arraybuffer(Env(), buffer, &detached) == napi_ok && !detached;
}

int Message::SendOn(void* socket, int flags) {
  if (closed_) {
    errno = EFAULT;
    return -1;
  }
  // The bytes are handed over by reference, as in C (not a zmq_msg_copy: that marks them
  // shared for good, and every receiver would then copy them). What else can reach them
  // after the send could write them while a receiver holds them (over inproc libzmq hands
  // the very bytes over). The Message's own `data` view is detached right after the send,
  // before any JavaScript runs, so the zero-copy way is: fill msg.data, then send. A Message
  // made by copy(), or a view that went elsewhere, makes the send take a copy of its own.
  bool only_its_view = HasOnlyItsView();
  if (box_.use_count() > 1 && !only_its_view) {
    zmq_msg_t outgoing;
    zmq_msg_init(&outgoing);
    if (InitCopyOf(&outgoing, &box_->msg) != 0 || zmq_msg_send(&outgoing, socket, flags) < 0) {
      int err = zmq_errno();
      zmq_msg_close(&outgoing);
      errno = err;
      return -1;
    }
  } else if (zmq_msg_send(&box_->msg, socket, flags) < 0) {
    return -1;  // the message is left as it was, its view too
  } else if (only_its_view) {
    napi_detach_arraybuffer(Env(), view_.Value().ArrayBuffer());
  }
  Reset();
  return 0;
}

Napi::Value Message::Data(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Checked(env);
  if (view_.IsEmpty()) view_ = Napi::Persistent(ViewOf(env, box_));
  return view_.Value();
}

Napi::Value Message::Size(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(zmq_msg_size(&Checked(info.Env()).msg)));
}

Napi::Value Message::More(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), zmq_msg_more(Checked(info.Env()).origin()) != 0);
}

Napi::Value Message::Closed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), closed_);
}

Napi::Value Message::ToString(const Napi::CallbackInfo& info) {
  zmq_msg_t& msg = Checked(info.Env()).msg;
  return Napi::String::New(info.Env(), static_cast<const char*>(zmq_msg_data(&msg)),
                           zmq_msg_size(&msg));
}

Napi::Value Message::Copy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Checked(env);
  // Both messages stand on one box: its bytes are shared whatever their size (libzmq
  // itself would copy a small message), and sending or closing either one leaves the other
  // whole. One view serves both, since V8 must never see two external buffers over the
  // same bytes.
  Napi::Object copy = NewFromBox(env, box_);
  Message::FromValue(copy)->view_ = Napi::Persistent(Data(info).As<Napi::Buffer<char>>());
  return copy;
}

Napi::Value Message::Gets(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throw Napi::TypeError::New(env, "property must be a string");
  std::string property = info[0].As<Napi::String>().Utf8Value();
  const char* value = zmq_msg_gets(Checked(env).origin(), property.c_str());
  if (value == nullptr) ThrowLastZmqError(env);
  return Napi::String::New(env, value);
}

Napi::Value Message::Close(const Napi::CallbackInfo& info) {
  if (!closed_) {
    Reset();
    closed_ = true;
  }
  return info.Env().Undefined();
}

}  // namespace zmqnapi
