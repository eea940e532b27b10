// Socket (socket.h): the draft API's socket calls: a DISH's groups (join, leave), a PEER's
// connect (connectPeer) and the versioned monitor (monitorVersioned, queryPipesStats). Built
// without the draft API, each throws ENOTSUP; lib/ checks zmq.has("draft") first and says the same.
#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "socket.h"
#include "util/args.h"
#include "util/errors.h"
#include "util/retry_on_eintr.h"

namespace zmqnapi {

#ifdef ZMQ_BUILD_DRAFT_API

namespace {

// zmq_join or zmq_leave.
Napi::Value ChangeGroup(Napi::Env env, void* socket, const std::string& group,
                        int (*change)(void*, const char*)) {
  if (RetryOnEintr([&] { return change(socket, group.c_str()); }) != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

}  // namespace

Napi::Value Socket::Join(const Napi::CallbackInfo& info) {
  std::string group = RequireGroup(info.Env(), info[0]);
  return ChangeGroup(info.Env(), LiveSocket(info.Env()), group, zmq_join);
}

Napi::Value Socket::Leave(const Napi::CallbackInfo& info) {
  std::string group = RequireGroup(info.Env(), info[0]);
  return ChangeGroup(info.Env(), LiveSocket(info.Env()), group, zmq_leave);
}

// connectPeer(endpoint): the routing id libzmq gave the peer, for a message's routingId.
Napi::Value Socket::ConnectPeer(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string endpoint = RequireString(info, 0, "endpoint");
  if (endpoint.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, "endpoint must not contain NUL characters");
  }
  void* socket = LiveSocket(env);
  uint32_t routing_id = context_->inproc_pending().ConnectPeer(socket, endpoint);
  if (routing_id == 0) ThrowLastZmqError(env, endpoint);
  return Napi::Number::New(env, routing_id);
}

// monitorVersioned(endpoint | null, events: bigint, version): zmq_socket_monitor_versioned
// to a PAIR; null stops monitoring.
Napi::Value Socket::MonitorVersioned(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  std::string endpoint;
  if (!info[0].IsNull()) endpoint = RequireString(info, 0, "endpoint");
  if (!info[1].IsBigInt()) throw Napi::TypeError::New(env, "events must be a bigint");
  bool lossless = true;
  uint64_t events = info[1].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) throw Napi::RangeError::New(env, "events must fit in 64 bits");
  int version = RequireInt(info, 2, "version");
  const char* address = info[0].IsNull() ? nullptr : endpoint.c_str();
  if (zmq_socket_monitor_versioned(socket, address, events, version, ZMQ_PAIR) != 0) {
    ThrowLastZmqError(env, endpoint);
  }
  return env.Undefined();
}

// queryPipesStats(): zmq_socket_monitor_pipes_stats, a PIPES_STATS event per connection to
// the versioned monitor (EINVAL unless it watches EVENT_PIPES_STATS; EAGAIN with none).
Napi::Value Socket::QueryPipesStats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = LiveSocket(env);
  if (zmq_socket_monitor_pipes_stats(socket) != 0) ThrowLastZmqError(env);
  return env.Undefined();
}

#else

Napi::Value Socket::QueryPipesStats(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_socket_monitor_pipes_stats");
}

Napi::Value Socket::Join(const Napi::CallbackInfo& info) {
  RequireGroup(info.Env(), info[0]);
  throw DraftApiMissing(info.Env(), "zmq_join");
}

Napi::Value Socket::Leave(const Napi::CallbackInfo& info) {
  RequireGroup(info.Env(), info[0]);
  throw DraftApiMissing(info.Env(), "zmq_leave");
}

Napi::Value Socket::ConnectPeer(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_connect_peer");
}

Napi::Value Socket::MonitorVersioned(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_socket_monitor_versioned");
}

#endif

}  // namespace zmqnapi
