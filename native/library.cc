#include "library.h"

#include <zmq.h>

#include <string>

#include "util/args.h"
#include "util/errors.h"

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

Napi::Value Has(const Napi::CallbackInfo& info) {
  std::string capability = RequireString(info, 0, "capability");
#ifndef ZMQ_BUILD_DRAFT_API
  // Compiled without the draft API, the addon reaches none of it, whatever libzmq has.
  if (capability == "draft") return Napi::Boolean::New(info.Env(), false);
#endif
  return Napi::Boolean::New(info.Env(), zmq_has(capability.c_str()) != 0);
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
  exports.Set("curveKeypair", Napi::Function::New<CurveKeypair>(env, "curveKeypair"));
  exports.Set("curvePublic", Napi::Function::New<CurvePublic>(env, "curvePublic"));
  exports.Set("z85Encode", Napi::Function::New<Z85Encode>(env, "z85Encode"));
  exports.Set("z85Decode", Napi::Function::New<Z85Decode>(env, "z85Decode"));
  exports.Set("strerror", Napi::Function::New<StrError>(env, "strerror"));
}

}  // namespace zmqnapi
