// Message (message.h): the draft API's routing id and group. A SERVER or PEER gives each
// received message its peer's routing id and sends a message to the peer its routing id
// names; a DISH gives each its group, a RADIO sends each to the DISHes that joined its group.
// Built without the draft API, the accessors throw ENOTSUP.
#include <zmq.h>

#include <cerrno>
#include <string>

#include "message.h"
#include "util/errors.h"

namespace zmqnapi {

std::string RequireGroup(Napi::Env env, Napi::Value value) {
  if (!value.IsString()) throw Napi::TypeError::New(env, "group must be a string");
  std::string group = value.As<Napi::String>().Utf8Value();
  // C text: a NUL would cut it short.
  if (group.find('\0') != std::string::npos) {
    throw Napi::TypeError::New(env, "group must not contain NUL characters");
  }
  if (group.size() > ZMQ_GROUP_MAX_LENGTH) {
    throw Napi::RangeError::New(
        env, "group must be at most " + std::to_string(ZMQ_GROUP_MAX_LENGTH) + " bytes");
  }
  return group;
}

#ifdef ZMQ_BUILD_DRAFT_API

void CopyDraftProperties(zmq_msg_t* to, zmq_msg_t* from) {
  uint32_t routing_id = zmq_msg_routing_id(from);
  if (routing_id != 0) zmq_msg_set_routing_id(to, routing_id);
  const char* group = zmq_msg_group(from);
  if (group != nullptr && group[0] != '\0') zmq_msg_set_group(to, group);
}

// The routing id of a message received on a SERVER or PEER, else 0 (none).
Napi::Value Message::RoutingId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), zmq_msg_routing_id(&Checked(info.Env()).msg));
}

void Message::SetRoutingId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MsgBox& box = Checked(env);
  if (!info[0].IsNumber()) throw Napi::TypeError::New(env, "routingId must be a number");
  double id = info[0].As<Napi::Number>().DoubleValue();
  // 0 is no routing id: libzmq refuses it.
  if (!(id >= 1 && id <= 4294967295.0 && id == static_cast<double>(static_cast<uint32_t>(id)))) {
    throw Napi::RangeError::New(env, "routingId must be an integer from 1 to 2^32-1");
  }
  if (zmq_msg_set_routing_id(&box.msg, static_cast<uint32_t>(id)) != 0) ThrowLastZmqError(env);
}

// The group of a message received on a DISH, else "".
Napi::Value Message::Group(const Napi::CallbackInfo& info) {
  const char* group = zmq_msg_group(&Checked(info.Env()).msg);
  return Napi::String::New(info.Env(), group == nullptr ? "" : group);
}

void Message::SetGroup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MsgBox& box = Checked(env);
  std::string group = RequireGroup(env, info[0]);
  if (zmq_msg_set_group(&box.msg, group.c_str()) != 0) ThrowLastZmqError(env);
}

#else

void CopyDraftProperties(zmq_msg_t*, zmq_msg_t*) {}

Napi::Value Message::RoutingId(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_msg_routing_id");
}

void Message::SetRoutingId(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_msg_set_routing_id");
}

Napi::Value Message::Group(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_msg_group");
}

void Message::SetGroup(const Napi::CallbackInfo& info) {
  throw DraftApiMissing(info.Env(), "zmq_msg_set_group");
}

#endif

}  // namespace zmqnapi
