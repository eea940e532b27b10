// Argument checks at the top of each native method. The TypeScript layer checks first
// (so errors carry a JS stack); these make the addon safe when called directly.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace zmqnapi {

// The number as an int, or a RangeError. Range first: casting NaN or a double out of
// range to an integer is undefined behaviour.
inline int ToInt32(Napi::Env env, double number, const char* name) {
  if (!(number >= INT32_MIN && number <= INT32_MAX) || number != std::trunc(number)) {
    throw Napi::RangeError::New(env, std::string(name) + " must be a 32-bit integer");
  }
  return static_cast<int>(number);
}

inline int RequireInt(const Napi::CallbackInfo& info, size_t index, const char* name) {
  double number;
  if (napi_get_value_double(info.Env(), info[index], &number) != napi_ok) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  }
  return ToInt32(info.Env(), number, name);
}

inline int OptionalInt(const Napi::CallbackInfo& info, size_t index, const char* name,
                       int fallback) {
  // One napi call when a number is given, none when it is left out (the common cases: this
  // runs once per message).
  if (info.Length() <= index) return fallback;
  double number;
  if (napi_get_value_double(info.Env(), info[index], &number) == napi_ok) {
    return ToInt32(info.Env(), number, name);
  }
  if (info[index].IsUndefined()) return fallback;
  throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
}

inline std::string RequireString(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (!info[index].IsString()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string");
  }
  return info[index].As<Napi::String>().Utf8Value();
}

}  // namespace zmqnapi
