// Socket (socket.h): construction, lifecycle, lending to a device, endpoints, monitor.
#include "socket.h"

#include <zmq.h>

#include <cerrno>
#include <string>

#include "addon.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/linger.h"
#include "util/listener_guard.h"
#include "util/multicast_guard.h"
#include "util/retry_on_eintr.h"
#include "zap_refuser.h"

namespace zmqnapi {

namespace {

// The socket types whose pipes libzmq makes conflating when ZMQ_CONFLATE is on
// (options.hpp get_effective_conflate_option); it ignores the option for the others.
bool ConflatingType(void* socket) {
  int type = -1;
  size_t size = sizeof(type);
  if (zmq_getsockopt(socket, ZMQ_TYPE, &type, &size) != 0) return false;
  return type == ZMQ_DEALER || type == ZMQ_PULL || type == ZMQ_PUSH || type == ZMQ_PUB ||
         type == ZMQ_SUB;
}

// ZMQ_RECONNECT_STOP (draft API) set: libzmq may drop a connect endpoint on its own.
bool StopsReconnecting(void* socket) {
#ifdef ZMQ_RECONNECT_STOP
  int stop = 0;
  size_t size = sizeof(stop);
  return zmq_getsockopt(socket, ZMQ_RECONNECT_STOP, &stop, &size) != 0 || stop != 0;
#else
  (void)socket;
  return false;
#endif
}

}  // namespace

Napi::Function Socket::Init(Napi::Env env) {
  return DefineTaggedClass<Socket>(
      env, kClassName,
      {
          TaggedMethod<Socket, &Socket::Bind>(env, "bind"),
          TaggedMethod<Socket, &Socket::Unbind>(env, "unbind"),
          TaggedMethod<Socket, &Socket::Connect>(env, "connect"),
          TaggedMethod<Socket, &Socket::Disconnect>(env, "disconnect"),
          TaggedMethod<Socket, &Socket::GetOpt>(env, "getOpt"),
          TaggedMethod<Socket, &Socket::SetOpt>(env, "setOpt"),
          TaggedMethod<Socket, &Socket::TryRecvMsg>(env, "tryRecvMsg"),
          TaggedMethod<Socket, &Socket::Monitor>(env, "monitor"),
          TaggedMethod<Socket, &Socket::MonitorVersioned>(env, "monitorVersioned"),
          TaggedMethod<Socket, &Socket::QueryPipesStats>(env, "queryPipesStats"),
          TaggedMethod<Socket, &Socket::Join>(env, "join"),
          TaggedMethod<Socket, &Socket::Leave>(env, "leave"),
          TaggedMethod<Socket, &Socket::ConnectPeer>(env, "connectPeer"),
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
  int refused = 0;
  std::string why;
  socket_ = context->handle()->scheduling().MakeSocket(
      [&] { return context->handle()->inproc_pending().NewSocket(type); }, &refused, &why);
  if (refused != 0) throw MakeZmqError(env, refused, why, "");
  if (socket_ == nullptr) ThrowLastZmqError(env);
  context_ = context->handle();
  if (!RegisterThreadSafeSignal()) {
    int err = zmq_errno();
    context_->inproc_pending().Close(socket_);
    socket_ = nullptr;
    throw MakeZmqError(env, err, "");
  }
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
  void* socket = LiveSocket(env);
  if (watcher_ != nullptr) watcher_->Stop();
  StopWatching();
  // A thread-safe socket's poller leaves it now: the device may close the socket, and the
  // poller must not outlive that (GiveBack makes another).
  if (signal_ != nullptr) {
    watcher_.reset();
    signal_.reset();
  }
  lent_ = true;
  Ref();
  return socket;
}

void Socket::GiveBack() {
  if (!lent_) return;
  lent_ = false;
  Unref();
  // Fails only for want of memory or an fd: the next watch then says EINVAL.
  if (socket_ != nullptr) RegisterThreadSafeSignal();
}

void Socket::CloseNow(int cap_linger_ms) {
  if (socket_ == nullptr || lent_) return;
  watcher_.reset();  // stop watching before libzmq closes the fd
  signal_.reset();   // a thread-safe socket's poller: before zmq_close
  StopWatching();
  before_wait_.reset();
  CapLinger(socket_, cap_linger_ms);
  context_->inproc_pending().Close(socket_);  // zmq_close, and what it leaves pending
  socket_ = nullptr;
  context_.reset();
  AddonData* data = AddonData::Of(Env());
  if (data != nullptr) data->open_sockets.erase(this);
}

void* Socket::LiveSocket(Napi::Env env) const {
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
  void* socket = LiveSocket(env);
  bool adds = verb == EndpointVerb::kBind || verb == EndpointVerb::kConnect;
  std::string why;
  if (adds) {
    if (int errnum = MulticastEndpointProblem(endpoint, &why)) {
      throw MakeZmqError(env, errnum, why, endpoint);
    }
  }
  int use_fd = verb == EndpointVerb::kBind ? UseFdOf(socket) : -1;
  bool looks_up =
      verb == EndpointVerb::kBind
          ? (use_fd == -1 || HasScheme(endpoint, "udp://")) && LooksUpInterfaces(endpoint)
          : verb != EndpointVerb::kConnect && HasScheme(endpoint, "tcp://") &&
                tcp_endpoints_.count(endpoint) == 0;
  if (looks_up) {
    if (int errnum = InterfaceLookupProblem(&why)) throw MakeZmqError(env, errnum, why, endpoint);
  }
  if (int errnum = UseFdProblem(use_fd, endpoint, &why)) {
    throw MakeZmqError(env, errnum, why, endpoint);
  }
  InprocPending& inproc = context_->inproc_pending();
  if (RetryOnEintr([&] { return inproc.Apply(verb, socket, endpoint); }) != 0) {
    ThrowLastZmqError(env, endpoint);
  }
  // Sticky: frames queued for an endpoint may still be on their way after it is gone.
  if (adds && IsNormEndpoint(endpoint)) norm_frames_bounded_ = true;
  if (adds && conflate_on_ && ConflatingType(socket)) conflates_ = true;
  if (HasScheme(endpoint, "tcp://")) RememberTcpEndpoint(verb, socket, endpoint);
  if (adds && HasScheme(endpoint, "inproc://")) inproc_frames_ = true;
  if (endpoint == kZapEndpoint && (verb == EndpointVerb::kBind || verb == EndpointVerb::kUnbind)) {
    holds_zap_endpoint_ = verb == EndpointVerb::kBind;
  }
  return env.Undefined();
}

// The tcp endpoints libzmq knows this socket by, by the strings it keeps (the resolved one
// for a bind): an unbind or disconnect of one of them resolves nothing (listener_guard.h).
// Only ever fewer than libzmq has, never more: an entry it dropped on its own would let
// the guard pass where libzmq then resolves.
void Socket::RememberTcpEndpoint(EndpointVerb verb, void* socket, const std::string& endpoint) {
  if (verb == EndpointVerb::kConnect) {
    // With RECONNECT_IVL of 0 or less libzmq drops the endpoint once the connection ends.
    int reconnect_ivl = 0;
    size_t size = sizeof(reconnect_ivl);
    if (zmq_getsockopt(socket, ZMQ_RECONNECT_IVL, &reconnect_ivl, &size) == 0 &&
        reconnect_ivl > 0 && !StopsReconnecting(socket)) {
      tcp_endpoints_.insert(endpoint);
    }
  } else if (verb == EndpointVerb::kBind) {
    char last[1024];
    size_t size = sizeof(last);
    if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, last, &size) == 0 && size > 0) {
      tcp_endpoints_.insert(std::string(last, size - 1));  // without its NUL
    }
  } else if (tcp_endpoints_.erase(endpoint) == 0) {
    // Spelled otherwise than kept (tcp://*:5555 for tcp://0.0.0.0:5555): which one went is
    // not known here, so none is counted on any more.
    tcp_endpoints_.clear();
  }
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

// monitor(endpoint | null, events): zmq_socket_monitor; null stops monitoring.
Napi::Value Socket::Monitor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  std::string endpoint;
  if (!info[0].IsNull()) endpoint = RequireString(info, 0, "endpoint");
  int events = RequireInt(info, 1, "events");
  if (zmq_socket_monitor(socket, info[0].IsNull() ? nullptr : endpoint.c_str(), events) != 0) {
    ThrowLastZmqError(env, endpoint);
  }
  return env.Undefined();
}

Napi::Value Socket::Close(const Napi::CallbackInfo& info) {
  if (socket_ != nullptr) LiveSocket(info.Env());  // a lent socket cannot be closed
  CloseNow();
  return info.Env().Undefined();
}

Napi::Value Socket::Closed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), socket_ == nullptr);
}

}  // namespace zmqnapi
