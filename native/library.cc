#include "library.h"

#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <string>

#include "util/args.h"
#include "util/errors.h"
#include "util/multicast_guard.h"

namespace zmqnapi {

namespace {

Napi::Value Version(const Napi::CallbackInfo& info) {
  int major, minor, patch;
  zmq_version(&major, &minor, &patch);
  Napi::Array version = Napi::Array::New(info.Env(), 3);
  version[0u] = major;
  version[1u] = minor;
  version[2u] = patch;
  return version;
}

// The capabilities zmq.has() answers, in one place (lib/library.ts types the names). libzmq
// 4.3.4's zmq_has answers the WebSocket transports only to "WS" and "WSS" and never knows
// udp (src/zmq.cpp), says tipc where the kernel has no AF_TIPC, and pgm without raw sockets. So a
// transport is asked of libzmq's own endpoint check: a bind on a socket of a private context that
// has no I/O thread fails with EPROTONOSUPPORT if the transport is not built in, and otherwise with
// EMTHREAD (socket_base.cpp: the check comes before any address is resolved or any socket opened,
// for multicast too), or succeeds (inproc). The other capabilities are zmq_has's own answer.
struct Capability {
  const char* name;
  const char* probe_endpoint;  // null: ask zmq_has(name)
  int probe_socket_type;
  bool (*also_needs)();  // what the transport needs besides libzmq's taking its endpoints
};

// udp takes only the draft DGRAM and DISH sockets, which every 4.3.4 build can create; without
// the draft API (zmq_join, zmq_msg_set_group) they cannot use it.
constexpr int kDishSocketType = 15;
bool DraftApi() {
  return zmq_has("draft") != 0;
}

// libzmq has tipc on every Linux build; the kernel may still lack AF_TIPC (a module).
bool KernelHasTipc() {
#ifdef AF_TIPC
  int fd = socket(AF_TIPC, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  close(fd);
  return true;
#else
  return false;
#endif
}

constexpr Capability kCapabilities[] = {
    {"inproc", "inproc://zmq-napi-has", ZMQ_PAIR, nullptr},
    {"ipc", "ipc://zmq-napi-has", ZMQ_PAIR, nullptr},
    {"tcp", "tcp://127.0.0.1:*", ZMQ_PAIR, nullptr},
    {"ws", "ws://127.0.0.1:*", ZMQ_PAIR, nullptr},
    {"wss", "wss://127.0.0.1:*", ZMQ_PAIR, nullptr},
    {"udp", "udp://127.0.0.1:*", kDishSocketType, DraftApi},
    {"pgm", "pgm://127.0.0.1;239.192.1.1:5555", ZMQ_PUB, CanOpenPgmSocket},
    {"epgm", "epgm://127.0.0.1;239.192.1.1:5555", ZMQ_PUB, nullptr},
    {"norm", "norm://127.0.0.1;239.192.1.1:5555", ZMQ_PUB, nullptr},
    {"tipc", "tipc://<*>", ZMQ_PAIR, KernelHasTipc},
    {"vmci", "vmci://*:*", ZMQ_PAIR, nullptr},
    {"curve", nullptr, 0, nullptr},
    {"gssapi", nullptr, 0, nullptr},
    {"draft", nullptr, 0, nullptr},
};

bool LibzmqTakesEndpoint(const Capability& capability) {
  void* context = zmq_ctx_new();
  if (context == nullptr) return false;
  bool takes = false;
  // No I/O thread: nothing can be bound or connected for real. With no socket left open,
  // zmq_ctx_term only joins the context's reaper thread, so it returns at once.
  if (zmq_ctx_set(context, ZMQ_IO_THREADS, 0) == 0) {
    void* socket = zmq_socket(context, capability.probe_socket_type);
    if (socket != nullptr) {
      takes = zmq_bind(socket, capability.probe_endpoint) == 0 || zmq_errno() != EPROTONOSUPPORT;
      zmq_close(socket);
    }
  }
  zmq_ctx_term(context);
  return takes;
}

Napi::Value Has(const Napi::CallbackInfo& info) {
  std::string name = RequireString(info, 0, "capability");
#ifndef ZMQ_BUILD_DRAFT_API
  // Compiled without the draft API, the addon reaches none of it, whatever libzmq has.
  if (name == "draft") return Napi::Boolean::New(info.Env(), false);
#endif
  for (const Capability& capability : kCapabilities) {
    if (name != capability.name) continue;
    bool has = capability.probe_endpoint == nullptr ? zmq_has(capability.name) != 0
                                                    : LibzmqTakesEndpoint(capability);
    if (has && capability.also_needs != nullptr) has = capability.also_needs();
    return Napi::Boolean::New(info.Env(), has);
  }
  // A name this table lacks may be one a newer libzmq knows.
  return Napi::Boolean::New(info.Env(), zmq_has(name.c_str()) != 0);
}

Napi::Value CapabilityNames(const Napi::CallbackInfo& info) {
  Napi::Array names = Napi::Array::New(info.Env());
  uint32_t index = 0;
  for (const Capability& capability : kCapabilities) names[index++] = capability.name;
  return names;
}

Napi::Value CurveKeypair(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  char public_key[41], secret_key[41];
  if (zmq_curve_keypair(public_key, secret_key) != 0) ThrowLastZmqError(env);
  Napi::Object pair = Napi::Object::New(env);
  pair.Set("publicKey", Napi::String::New(env, public_key));
  pair.Set("secretKey", Napi::String::New(env, secret_key));
  return pair;
}

Napi::Value CurvePublic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string secret_key = RequireString(info, 0, "secretKey");
  if (secret_key.size() != 40)
    throw Napi::RangeError::New(env, "secretKey must be 40 Z85 characters");
  char public_key[41];
  if (zmq_curve_public(public_key, secret_key.c_str()) != 0) ThrowLastZmqError(env);
  return Napi::String::New(env, public_key);
}

Napi::Value Z85Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsBuffer()) throw Napi::TypeError::New(env, "data must be a Buffer");
  auto data = info[0].As<Napi::Buffer<uint8_t>>();
  if (data.Length() % 4 != 0) {
    throw Napi::RangeError::New(env, "z85Encode needs a length that is a multiple of 4");
  }
  std::string text(data.Length() * 5 / 4 + 1, '\0');
  if (zmq_z85_encode(&text[0], data.Data(), data.Length()) == nullptr) ThrowLastZmqError(env);
  text.pop_back();
  return Napi::String::New(env, text);
}

Napi::Value Z85Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string text = RequireString(info, 0, "text");
  if (text.size() % 5 != 0) {
    throw Napi::RangeError::New(env, "z85Decode needs a length that is a multiple of 5");
  }
  // libzmq refuses "", yet "" is what z85Encode gives for no bytes.
  if (text.empty()) return Napi::Buffer<char>::New(env, 0);
  std::string data(text.size() * 4 / 5, '\0');
  if (zmq_z85_decode(reinterpret_cast<uint8_t*>(&data[0]), text.c_str()) == nullptr) {
    throw Napi::RangeError::New(env, "text is not valid Z85");
  }
  return Napi::Buffer<char>::Copy(env, data.data(), data.size());
}

Napi::Value StrError(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), zmq_strerror(RequireInt(info, 0, "errno")));
}

}  // namespace

void InitLibrary(Napi::Env env, Napi::Object exports) {
  exports.Set("version", Napi::Function::New<Version>(env, "version"));
  exports.Set("has", Napi::Function::New<Has>(env, "has"));
  exports.Set("capabilityNames", Napi::Function::New<CapabilityNames>(env, "capabilityNames"));
  exports.Set("curveKeypair", Napi::Function::New<CurveKeypair>(env, "curveKeypair"));
  exports.Set("curvePublic", Napi::Function::New<CurvePublic>(env, "curvePublic"));
  exports.Set("z85Encode", Napi::Function::New<Z85Encode>(env, "z85Encode"));
  exports.Set("z85Decode", Napi::Function::New<Z85Decode>(env, "z85Decode"));
  exports.Set("strerror", Napi::Function::New<StrError>(env, "strerror"));
}

}  // namespace zmqnapi
