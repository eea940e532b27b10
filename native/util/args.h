// Argument checks at the top of each native method. The TypeScript layer checks first
// (so errors carry a JS stack); these make the addon safe when called directly.
#pragma once

#include <napi.h>

#include <string>

namespace zmqnapi {

inline int RequireInt(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Value value = info[index];
  if (!value.IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  }
  double number = value.As<Napi::Number>().DoubleValue();
  if (number != static_cast<double>(static_cast<int32_t>(number))) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be a 32-bit integer");
  }
  return static_cast<int>(number);
}

inline int OptionalInt(const Napi::CallbackInfo& info, size_t index, const char* name,
                       int fallback) {
  if (info.Length() <= index || info[index].IsUndefined()) return fallback;
  return RequireInt(info, index, name);
}

inline std::string RequireString(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string");
  }
  return info[index].As<Napi::String>().Utf8Value();
}

}  // namespace zmqnapi
